import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PageOf } from '../../../core/common/pagination';
import { CHAIN_POSITIONS } from '../cluster-segment.entity';
import type { ChainPosition, ClusterSegmentEntity } from '../cluster-segment.entity';
import type { ClusterEntity } from '../cluster.entity';

export class ClusterCodeParamDto {
  @ApiProperty({ example: 'electronics' })
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be a cluster code such as electronics' })
  code: string;
}

export class ClusterSegmentDto {
  @ApiProperty({ example: 'electronics.smart_terminals' })
  code: string;

  @ApiProperty({ example: '智能终端' })
  name: string;

  @ApiProperty({ example: 'Smart terminals' })
  nameEn: string;

  @ApiProperty({ enum: CHAIN_POSITIONS })
  position: ChainPosition;
}

export class ClusterFocusRegionDto {
  @ApiProperty({ example: '450500' })
  regionCode: string;

  @ApiProperty({ example: '北海市' })
  regionName: string;

  @ApiProperty({ example: '智能终端、新型显示、智能家居、新型元器件集成电路' })
  focus: string;
}

export class ClusterResponseDto {
  @ApiProperty({ example: 'electronics' })
  code: string;

  @ApiProperty({ example: '电子信息' })
  name: string;

  @ApiProperty({ example: 'Electronics and information technology' })
  nameEn: string;

  @ApiProperty({ example: '自治区工业和信息化厅', description: '牵头单位' })
  leadUnit: string;

  @ApiProperty({ type: [String], description: 'Parks, companies and belts the plan names for the cluster' })
  focusPlaces: string[];

  @ApiProperty({ type: [ClusterFocusRegionDto], description: 'Focus cities' })
  focusRegions: ClusterFocusRegionDto[];

  @ApiProperty({ type: [ClusterSegmentDto], description: 'Chain segments, upstream to downstream' })
  segments: ClusterSegmentDto[];
}

export class ClusterPageDto extends PageOf(ClusterResponseDto) {}

export type ClusterRow = Pick<ClusterEntity, 'code' | 'name' | 'nameEn' | 'leadUnit' | 'focusPlaces' | 'sortOrder'>;
export type SegmentRow = Pick<ClusterSegmentEntity, 'code' | 'clusterCode' | 'name' | 'nameEn' | 'position'>;
export interface FocusRegionRow {
  clusterCode: string;
  regionCode: string;
  regionName: string;
  focus: string;
}

export function mapCluster(
  cluster: ClusterRow,
  segments: SegmentRow[],
  focusRegions: FocusRegionRow[],
): ClusterResponseDto {
  return {
    code: cluster.code,
    name: cluster.name,
    nameEn: cluster.nameEn,
    leadUnit: cluster.leadUnit,
    focusPlaces: cluster.focusPlaces,
    focusRegions: focusRegions.map((f) => ({ regionCode: f.regionCode, regionName: f.regionName, focus: f.focus })),
    segments: segments.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, position: s.position })),
  };
}
