import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
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
import {
  IsAmount,
  IsEntityId,
  IsIsoDateTime,
  IsMeasure,
  OptionalNotNull,
  trimText,
} from '../../../core/common/validators';
import { COMPANY_FLAGS, OWNERSHIPS } from '../../../shared/company.constants';
import type { CompanyFlag, Ownership } from '../../../shared/company.constants';
import { LEAD_CATEGORIES, SOURCE_KINDS, TIMELINE_KINDS } from '../../../shared/lead.constants';
import type { LeadCategory, SourceKind, TimelineKind } from '../../../shared/lead.constants';
import { STAGES } from '../../../shared/lead-stages';
import { HEALTH_LEVELS } from '../../stall-rules/stall-judge';
import type { HealthLevel } from '../../stall-rules/stall-judge';
import { PROJECT_TIERS } from '../../../shared/stall-rules';
import type { ProjectTier } from '../../../shared/stall-rules';
import type { Stage } from '../../../shared/lead-stages';

export class LeadSourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;

  @ApiPropertyOptional({ example: '7', description: 'Required when kind is chamber' })
  @IsOptional()
  @IsEntityId()
  chamberId?: string;

  @ApiPropertyOptional({ example: '12', description: 'The visit that found it' })
  @IsOptional()
  @IsEntityId()
  visitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

class LeadEditableDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'electronics.smart_terminals' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  segmentCode?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 20.5, description: '亿元' })
  @IsOptional()
  @IsAmount()
  expectedInvestment?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 300, description: '亩' })
  @IsOptional()
  @IsMeasure(1_000_000)
  landNeedMu?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 50000, description: 'm²' })
  @IsOptional()
  @IsMeasure(100_000_000)
  factoryNeedSqm?: number | null;

  @ApiPropertyOptional({ enum: LEAD_CATEGORIES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(LEAD_CATEGORIES.length)
  @IsIn(LEAD_CATEGORIES, { each: true })
  categories?: LeadCategory[];

  @ApiPropertyOptional({ example: '42', description: 'Defaults to the creator' })
  @IsOptional()
  @IsEntityId()
  ownerUserId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-03-08T09:00:00+08:00' })
  @IsOptional()
  @IsIsoDateTime()
  nextFollowUpAt?: string | null;

  @ApiPropertyOptional({ description: 'Users outside the holding unit’s chain see codeName instead of the company' })
  @OptionalNotNull()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '北部湾一号项目' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(64)
  codeName?: string | null;
}

export class LeadCreateDto extends LeadEditableDto {
  @ApiProperty({ example: '42' })
  @IsEntityId()
  companyId: string;

  @ApiProperty({ example: '年产100万台智能终端项目' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'electronics' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  clusterCode: string;

  @ApiProperty({ type: LeadSourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LeadSourceDto)
  source: LeadSourceDto;

  @ApiPropertyOptional({ example: '450102', description: 'The holding unit; defaults to the creator’s' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a unit' })
  regionCode?: string;
}

export class LeadUpdateDto extends LeadEditableDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: '年产100万台智能终端项目' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: 'electronics' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  clusterCode?: string;

  @ApiPropertyOptional({ description: 'Records that the introducing chamber was told the outcome' })
  @OptionalNotNull()
  @IsIsoDateTime()
  chamberFeedbackGivenAt?: string;
}

export class LeadTransitionDto {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  to: Stage;

  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'When it happened; defaults to now' })
  @OptionalNotNull()
  @IsIsoDateTime()
  at?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ description: 'Required going back, on hold or lost' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'site_visit: the visit date' })
  @OptionalNotNull()
  @IsIsoDateTime()
  siteVisitAt?: string;

  @ApiPropertyOptional({ description: 'signed: the signing date' })
  @OptionalNotNull()
  @IsIsoDateTime()
  signedAt?: string;

  @ApiPropertyOptional({ description: 'signed: 签约投资额, 亿元' })
  @OptionalNotNull()
  @IsAmount()
  signedAmount?: number;

  @ApiPropertyOptional({ description: 'signed: the park it signs into' })
  @OptionalNotNull()
  @IsEntityId()
  parkId?: string;

  @ApiPropertyOptional({ description: 'signed: the park’s name, when it is not in the parks list' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  parkName?: string;

  @ApiPropertyOptional({ description: 'construction: the start date' })
  @OptionalNotNull()
  @IsIsoDateTime()
  constructionStartedAt?: string;

  @ApiPropertyOptional({ description: 'production: the date production began' })
  @OptionalNotNull()
  @IsIsoDateTime()
  producedAt?: string;
}

export class LeadNoteCreateDto {
  @ApiProperty({ example: '企业计划下月来桂考察' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body: string;
}

export class LeadFundCreateDto {
  @ApiProperty({ example: 1.5, description: '亿元' })
  @IsAmount()
  @Min(0.0001, { message: 'must be more than 0' })
  amount: number;

  @ApiProperty({ example: '2026-06-30T00:00:00+08:00' })
  @IsIsoDateTime()
  receivedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export const LEAD_SORTS = ['updatedAt', 'expectedInvestment', 'nextFollowUpAt'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class LeadListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STAGES, isArray: true, description: 'One stage or several, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(STAGES, { each: true })
  stage?: Stage[];

  @ApiPropertyOptional({ example: 'electronics' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be a cluster code such as electronics' })
  clusterCode?: string;

  @ApiPropertyOptional({ example: '450100', description: 'That unit and below, inside your jurisdiction' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;

  @ApiPropertyOptional({ example: '42' })
  @IsOptional()
  @IsEntityId()
  ownerUserId?: string;

  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  sourceKind?: SourceKind;

  @ApiPropertyOptional({ example: '7' })
  @IsOptional()
  @IsEntityId()
  chamberId?: string;

  @ApiPropertyOptional({ enum: OWNERSHIPS })
  @IsOptional()
  @IsIn(OWNERSHIPS)
  ownership?: Ownership;

  @ApiPropertyOptional({ enum: COMPANY_FLAGS })
  @IsOptional()
  @IsIn(COMPANY_FLAGS)
  flag?: CompanyFlag;

  @ApiPropertyOptional({ enum: LEAD_CATEGORIES })
  @IsOptional()
  @IsIn(LEAD_CATEGORIES)
  category?: LeadCategory;

  @ApiPropertyOptional({ example: 1, description: '亿元' })
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  minInvestment?: number;

  @ApiPropertyOptional({ example: 50, description: '亿元' })
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  maxInvestment?: number;

  @ApiPropertyOptional({ example: 30, description: 'No activity for at least this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  staleDays?: number;

  @ApiPropertyOptional({ enum: ['yellow', 'red'], description: 'Stalled leads (三色预警) at this level' })
  @IsOptional()
  @IsIn(['yellow', 'red'])
  health?: 'yellow' | 'red';

  @ApiPropertyOptional({ description: 'Company name, pinyin or initials, or project title' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({
    enum: LEAD_SORTS,
    default: 'updatedAt',
    description: 'updatedAt and expectedInvestment newest/largest first; nextFollowUpAt soonest first',
  })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;
}

export class LeadSourceResponseDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  kind: SourceKind;

  @ApiProperty({ type: String, nullable: true })
  chamberId: string | null;

  @ApiProperty({ type: String, nullable: true })
  visitId: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export class LeadResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'null when the lead is confidential to you' })
  companyId: string | null;

  @ApiProperty({ description: 'The company’s name, or the code name when the lead is confidential to you' })
  companyName: string;

  @ApiProperty({ description: 'true when you see the code name instead of the company' })
  masked: boolean;

  @ApiProperty({ enum: OWNERSHIPS })
  ownership: Ownership;

  @ApiProperty()
  title: string;

  @ApiProperty()
  clusterCode: string;

  @ApiProperty({ type: String, nullable: true })
  segmentCode: string | null;

  @ApiProperty({ type: LeadSourceResponseDto })
  source: LeadSourceResponseDto;

  @ApiProperty({ type: Number, nullable: true })
  expectedInvestment: number | null;

  @ApiProperty({ type: Number, nullable: true })
  landNeedMu: number | null;

  @ApiProperty({ type: Number, nullable: true })
  factoryNeedSqm: number | null;

  @ApiProperty({ enum: LEAD_CATEGORIES, isArray: true })
  categories: LeadCategory[];

  @ApiProperty()
  regionCode: string;

  @ApiProperty({ type: String, nullable: true })
  ownerUserId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The owner’s display name' })
  ownerName: string | null;

  @ApiProperty({ type: String, nullable: true })
  nextFollowUpAt: string | null;

  @ApiProperty()
  confidential: boolean;

  @ApiProperty({ type: String, nullable: true })
  codeName: string | null;

  @ApiProperty({ enum: STAGES })
  stage: Stage;

  @ApiProperty({ type: String, nullable: true, description: 'Where an on_hold lead resumes' })
  stageBeforeHold: string | null;

  @ApiProperty()
  stageEnteredAt: string;

  @ApiProperty({ type: String, nullable: true })
  siteVisitAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  signedAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: '签约投资额, 亿元' })
  signedAmount: number | null;

  @ApiProperty({ type: String, nullable: true })
  parkId: string | null;

  @ApiProperty({ type: String, nullable: true })
  parkName: string | null;

  @ApiProperty({ type: String, nullable: true })
  constructionStartedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  producedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  lostReason: string | null;

  @ApiProperty({ description: '到资, 亿元' })
  fundsReceivedTotal: number;

  @ApiProperty({ type: Number, nullable: true, description: 'fundsReceivedTotal / signedAmount' })
  fundsReceivedShare: number | null;

  @ApiProperty({ description: '完成投资 over every month recorded, 亿元' })
  investmentCompletedTotal: number;

  @ApiProperty({ type: String, nullable: true })
  chamberFeedbackDueAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  chamberFeedbackGivenAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The dispatch waiting for acceptance (待接收), if any' })
  pendingDispatchId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The claim of 签约 / 开工 / 投产 waiting for the unit above (待确认, 甄别确认), if any',
  })
  pendingClaimId: string | null;

  @ApiProperty({ description: 'Part of an open 撞单 conflict' })
  inConflict: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Closed by a conflict ruling in favour of this lead; counted there, never twice',
  })
  mergedIntoLeadId: string | null;

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  @ApiProperty()
  lastActivityAt: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Best park match score (0..100) in the holding unit’s jurisdiction',
  })
  fitScore: number | null;

  @ApiProperty({ type: String, nullable: true, example: '最佳匹配：钦州石化产业园区（86.5 分）' })
  fitSummary: string | null;

  @ApiProperty({
    enum: PROJECT_TIERS,
    description: 'Project tier by expected investment (the stall rules’ thresholds): A 重大项目, B, C (no amount: C)',
  })
  tier: ProjectTier;

  @ApiProperty({
    enum: HEALTH_LEVELS,
    description:
      '三色预警: yellow, then red after the working days without activity the stall rules set for the stage and tier',
  })
  health: HealthLevel;
}

export class LeadPageDto extends PageOf(LeadResponseDto) {}

/** The stages the kanban shows, one column each, in this order: the pipeline, then on hold and lost. */
export const BOARD_STAGES: readonly Stage[] = STAGES;
export const BOARD_PER_STAGE_DEFAULT = 20;
export const BOARD_PER_STAGE_MAX = 100;

/** GET /leads/board: the list's filters (without stage and paging), and how many cards each column starts with. */
export class LeadBoardQueryDto extends OmitType(LeadListQueryDto, ['stage', 'limit', 'cursor', 'withTotal'] as const) {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: BOARD_PER_STAGE_MAX,
    default: BOARD_PER_STAGE_DEFAULT,
    description: 'Leads in each column (the first page of GET /leads?stage=…)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(BOARD_PER_STAGE_MAX)
  perStage: number = BOARD_PER_STAGE_DEFAULT;
}

export class LeadBoardColumnDto {
  @ApiProperty({ enum: STAGES })
  stage: Stage;

  @ApiProperty({ type: [LeadResponseDto], description: 'The first page of GET /leads with this stage and the filters' })
  items: LeadResponseDto[];

  @ApiProperty({ description: 'Matching leads in this stage in your jurisdiction' })
  total: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as cursor to GET /leads?stage=… (same filters and sort) for the column’s next page; null when none',
  })
  nextCursor: string | null;
}

export class LeadBoardDto {
  @ApiProperty({ type: [LeadBoardColumnDto], description: 'One column per stage: the pipeline, then on_hold and lost' })
  columns: LeadBoardColumnDto[];
}

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TIMELINE_KINDS, description: 'Only entries of this kind (到资: funds)' })
  @IsOptional()
  @IsIn(TIMELINE_KINDS)
  kind?: TimelineKind;
}

export class TimelineEntryDto {
  @ApiProperty({
    enum: TIMELINE_KINDS,
    description: 'linkage: dispatches, escalations, collaborators and conflicts (data.event names which)',
  })
  kind: TimelineKind;

  @ApiProperty()
  id: string;

  @ApiProperty()
  at: string;

  @ApiProperty({ type: String, nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The author's display name" })
  userName: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: {},
    description: 'What happened; its keys depend on the kind',
    example: { fromStage: 'contacted', toStage: 'site_visit', note: null, reason: null },
  })
  data: Record<string, unknown>;
}

export class TimelinePageDto extends PageOf(TimelineEntryDto) {}
