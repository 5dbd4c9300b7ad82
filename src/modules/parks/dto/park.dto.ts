import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { IsEntityId, IsMeasure, OptionalNotNull, trimText } from '../../../core/common/validators';
import { EXCLUSIONS, MATCH_FACTORS } from '../matching/park-scorer';
import type { Exclusion, MatchFactor } from '../matching/park-scorer';
import { PARK_KINDS } from '../park.entity';
import type { ParkKind } from '../park.entity';

const CODE_LIST = { each: true, message: 'each must be a code such as chem or chem.resins' };

export class ParkReadinessDto {
  @ApiProperty() @IsBoolean() road: boolean;
  @ApiProperty() @IsBoolean() water: boolean;
  @ApiProperty() @IsBoolean() power: boolean;
  @ApiProperty() @IsBoolean() gas: boolean;
  @ApiProperty() @IsBoolean() network: boolean;
  @ApiProperty({ description: '场地平整' }) @IsBoolean() levelled: boolean;
}

class ParkEditableDto {
  @ApiPropertyOptional({ enum: PARK_KINDS })
  @IsOptional()
  @IsIn(PARK_KINDS)
  kind?: ParkKind | null;

  @ApiPropertyOptional({ example: ['chem'], description: 'Primary clusters' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(9)
  @ArrayUnique()
  @Matches(/^[a-z]{2,32}$/, CODE_LIST)
  clusterCodes?: string[];

  @ApiPropertyOptional({ example: ['light'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(9)
  @ArrayUnique()
  @Matches(/^[a-z]{2,32}$/, CODE_LIST)
  secondaryClusterCodes?: string[];

  @ApiPropertyOptional({ example: ['chem.resins'], description: 'Chain segments the park hosts' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[a-z]{2,32}\.[a-z0-9_]{1,31}$/, CODE_LIST)
  segmentCodes?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, example: 1200, description: '亩' })
  @IsOptional()
  @IsMeasure(10_000_000)
  landAvailableMu?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 80000, description: '标准厂房 available, m²' })
  @IsOptional()
  @IsMeasure(1_000_000_000)
  factoryAvailableSqm?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 200000,
    description: 'Planned or under construction, m²',
  })
  @IsOptional()
  @IsMeasure(1_000_000_000)
  factoryPlannedSqm?: number | null;

  @ApiPropertyOptional({ type: ParkReadinessDto, description: '五通一平' })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => ParkReadinessDto)
  readiness?: ParkReadinessDto;

  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() portAccess?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() railAccess?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() hazardousChemicalsAllowed?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '减油增化，高性能树脂、特种橡胶、高性能纤维' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(500)
  focus?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(5000)
  incentives?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '钦州港经济技术开发区管委会招商局' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(128)
  contactUnit?: string | null;
}

export class ParkCreateDto extends ParkEditableDto {
  @ApiProperty({ example: '钦州石化产业园区' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name: string;

  @ApiProperty({ example: '450702', description: 'A city or county' })
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a city or county' })
  regionCode: string;
}

export class ParkUpdateDto extends ParkEditableDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name?: string;
}

export class ParkListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '450700', description: 'Parks of that unit and below' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;

  @ApiPropertyOptional({ example: 'chem' })
  @IsOptional()
  @Matches(/^[a-z]{2,32}$/, { message: 'must be a cluster code such as chem' })
  clusterCode?: string;

  @ApiPropertyOptional({ enum: PARK_KINDS })
  @IsOptional()
  @IsIn(PARK_KINDS)
  kind?: ParkKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class ParkCompanyCreateDto {
  @ApiProperty({ example: '7' })
  @IsEntityId()
  companyId: string;

  @ApiPropertyOptional({ example: 'chem.resins' })
  @IsOptional()
  @Matches(/^[a-z]{2,32}\.[a-z0-9_]{1,31}$/, { message: 'must be a segment code such as chem.resins' })
  segmentCode?: string;
}

export class ParkCompanyParamsDto {
  @ApiProperty() @IsEntityId() id: string;
  @ApiProperty() @IsEntityId() companyId: string;
}

export class ParkReservedDto {
  @ApiProperty({ description: 'Land (亩) held by signed projects' }) landMu: number;
  @ApiProperty({ description: 'Factory space (m²) held by signed projects' }) factorySqm: number;
}

export class ParkResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() cityCode: string;
  @ApiProperty({ enum: PARK_KINDS, nullable: true }) kind: ParkKind | null;
  @ApiProperty({ type: Number, nullable: true }) landAvailableMu: number | null;
  @ApiProperty({ type: Number, nullable: true }) factoryAvailableSqm: number | null;
  @ApiProperty({ type: Number, nullable: true }) factoryPlannedSqm: number | null;
  @ApiProperty({ type: ParkReadinessDto }) readiness: ParkReadinessDto;
  @ApiProperty() portAccess: boolean;
  @ApiProperty() railAccess: boolean;
  @ApiProperty() hazardousChemicalsAllowed: boolean;
  @ApiProperty({ type: String, nullable: true, description: '主导产业、定位' }) focus: string | null;
  @ApiProperty({ type: String, nullable: true }) incentives: string | null;
  @ApiProperty({ type: String, nullable: true }) contactUnit: string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: ParkReservedDto, description: 'Land and factory space held by signed projects' })
  reserved: ParkReservedDto;
  @ApiProperty({ description: 'Resident companies (落户企业)' }) residentCount: number;
}

export class ParkCompanyDto {
  @ApiProperty() companyId: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ type: String, nullable: true }) segmentCode: string | null;
}

export class ParkDetailDto extends ParkResponseDto {
  @ApiProperty({ type: [String] }) clusterCodes: string[];
  @ApiProperty({ type: [String] }) secondaryClusterCodes: string[];
  @ApiProperty({ type: [String] }) segmentCodes: string[];
  @ApiProperty({ type: [ParkCompanyDto], description: 'Resident companies (the first 500)' })
  companies: ParkCompanyDto[];
}

export class ParkPageDto extends PageOf(ParkResponseDto) {}

export class ParkCompanyPageDto extends PageOf(ParkCompanyDto) {}

export class MatchProfileDto {
  @ApiProperty({ example: 'chem' })
  @Matches(/^[a-z]{2,32}$/, { message: 'must be a cluster code such as chem' })
  clusterCode: string;

  @ApiPropertyOptional({ example: 'chem.resins' })
  @IsOptional()
  @Matches(/^[a-z]{2,32}\.[a-z0-9_]{1,31}$/, { message: 'must be a segment code such as chem.resins' })
  segmentCode?: string;

  @ApiPropertyOptional({ example: 300, description: '亩' }) @IsOptional() @IsMeasure(10_000_000) landNeedMu?: number;
  @ApiPropertyOptional({ example: 20000, description: 'm²' })
  @IsOptional()
  @IsMeasure(1_000_000_000)
  factoryNeedSqm?: number;
  @ApiPropertyOptional({ description: 'A hazardous chemical process' }) @IsOptional() @IsBoolean() hazardous?: boolean;
  @ApiPropertyOptional({ description: 'Defaults to yes for chemicals and metals' })
  @IsOptional()
  @IsBoolean()
  needsPort?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() needsRail?: boolean;
  @ApiPropertyOptional({ description: 'Export-oriented (automotive for ASEAN markets): wants a port' })
  @IsOptional()
  @IsBoolean()
  exportOriented?: boolean;

  @ApiPropertyOptional({ example: '450700', description: 'Only parks of that unit and below' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class MatchQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ example: '450700', description: 'Only parks of that unit and below' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;
}

export class MatchReasonDto {
  @ApiProperty({ enum: MATCH_FACTORS }) factor: MatchFactor;
  @ApiProperty() weight: number;
  @ApiProperty() points: number;
  @ApiProperty() detail: string;
}

export class MatchedParkDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() cityCode: string;
}

export class ParkMatchDto {
  @ApiProperty({ type: MatchedParkDto }) park: MatchedParkDto;
  @ApiProperty({ description: '0..100, the sum of the reasons’ points' }) score: number;
  @ApiProperty({ type: [MatchReasonDto] }) reasons: MatchReasonDto[];
}

export class ExclusionCountDto {
  @ApiProperty({ enum: EXCLUSIONS }) reason: Exclusion;
  @ApiProperty() count: number;
}

export class ParkMatchListDto {
  @ApiProperty({ type: [ParkMatchDto] }) items: ParkMatchDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
  @ApiProperty({ type: [ExclusionCountDto], description: 'Parks a hard constraint ruled out, by reason' })
  excluded: ExclusionCountDto[];
}

export class LeadMatchDto {
  @ApiProperty() leadId: string;
  @ApiProperty() title: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() stage: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: [MatchReasonDto] }) reasons: MatchReasonDto[];
}

export class LeadMatchListDto {
  @ApiProperty({ type: [LeadMatchDto] }) items: LeadMatchDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}

export class ChainQueryDto {
  @ApiPropertyOptional({ example: '450700', description: 'The unit whose parks and leads to map; defaults to yours' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;
}

export class ChainParkDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ChainSegmentDto {
  @ApiProperty() segmentCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['upstream', 'midstream', 'downstream'] }) position: string;
  @ApiProperty({ description: 'Some park in the unit hosts this link' }) covered: boolean;
  @ApiProperty({ type: [ParkCompanyDto] }) companies: ParkCompanyDto[];
  @ApiProperty({ type: [String], description: 'Parks declaring the link' }) parkIds: string[];
  @ApiProperty({ type: [ChainParkDto], description: 'The same parks with their names, in the order of parkIds' })
  parks: ChainParkDto[];
  @ApiProperty({ type: [LeadMatchDto], description: 'For a gap: open leads in jurisdiction that would fill it' })
  fillingLeads: Array<Pick<LeadMatchDto, 'leadId' | 'title' | 'regionCode' | 'stage'>>;
}

export class ChainMapDto {
  @ApiProperty() clusterCode: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: [ChainSegmentDto] }) segments: ChainSegmentDto[];
  @ApiProperty({ type: [String], description: 'Segments no park of the unit hosts' }) gaps: string[];
}
