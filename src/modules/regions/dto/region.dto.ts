import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { REGION_LEVELS } from '../region.entity';
import type { RegionEntity, RegionLevel } from '../region.entity';

const REGION_CODE = /^\d{6}$/;
const REGION_CODE_MESSAGE = 'must be a six-digit GB/T 2260 code such as 450100';

export class RegionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '450000', description: 'Only the direct children of this division' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  parentCode?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;

  @ApiPropertyOptional({ description: 'Only the key industrial counties (工业重点县), or only the others' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  keyIndustrialCounty?: boolean;
}

/** Marks a county as one of the plan's key industrial counties (工业重点县), or unmarks it. */
export class KeyIndustrialCountyPutDto {
  @ApiProperty({ description: 'true: a key industrial county' })
  @IsBoolean()
  keyIndustrialCounty: boolean;
}

export class RegionCodeParamDto {
  @ApiProperty({ example: '450000' })
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  code: string;
}

export class RegionResponseDto {
  @ApiProperty({ example: '450100' })
  code: string;

  @ApiProperty({ example: '南宁市' })
  name: string;

  @ApiProperty({ enum: REGION_LEVELS })
  level: RegionLevel;

  @ApiProperty({ type: String, nullable: true, example: '450000' })
  parentCode: string | null;

  @ApiProperty({ example: '450000' })
  provinceCode: string;

  @ApiProperty({ type: String, nullable: true, example: '450100' })
  cityCode: string | null;

  @ApiProperty({ description: '工业重点县, marked by an administrator' })
  isKeyIndustrialCounty: boolean;
}

export class RegionTreeNodeDto extends RegionResponseDto {
  @ApiProperty({ type: () => [RegionTreeNodeDto] })
  children: RegionTreeNodeDto[];
}

export class RegionPageDto extends PageOf(RegionResponseDto) {}

export type RegionRow = Pick<
  RegionEntity,
  'code' | 'name' | 'level' | 'parentCode' | 'provinceCode' | 'cityCode' | 'isKeyIndustrialCounty'
>;

export function mapRegion(row: RegionRow): RegionResponseDto {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    isKeyIndustrialCounty: Boolean(row.isKeyIndustrialCounty),
  };
}

/** Nests `descendants` under `root` by parentCode, keeping code order. */
export function mapRegionTree(root: RegionRow, descendants: RegionRow[]): RegionTreeNodeDto {
  const nodes = new Map<string, RegionTreeNodeDto>();
  const rootNode: RegionTreeNodeDto = { ...mapRegion(root), children: [] };
  nodes.set(root.code, rootNode);
  for (const row of [...descendants].sort((a, b) => a.code.localeCompare(b.code))) {
    nodes.set(row.code, { ...mapRegion(row), children: [] });
  }
  for (const row of descendants) {
    nodes.get(row.parentCode ?? '')?.children.push(nodes.get(row.code)!);
  }
  for (const node of nodes.values()) node.children.sort((a, b) => a.code.localeCompare(b.code));
  return rootNode;
}
