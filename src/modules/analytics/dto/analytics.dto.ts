import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { IsAmount, IsEntityId } from '../../../core/common/validators';
import { OWNERSHIPS } from '../../../shared/company.constants';
import { SOURCE_KINDS } from '../../../shared/lead.constants';
import { PIPELINE } from '../../../shared/lead-stages';
import { TARGET_CATEGORIES, TARGET_MEASURES } from '../../../shared/target-measures';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_MESSAGE = { message: 'must be a month as YYYY-MM (Asia/Shanghai), such as 2026-03' };

/** The unit, period and filters every analytics question shares. Periods are whole months, both ends included. */
export class AnalyticsFilterDto {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month (YYYY-MM); default January of this year' })
  @IsOptional()
  @Matches(MONTH, MONTH_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ example: '2026-06', description: 'Last month, included (YYYY-MM); default this month' })
  @IsOptional()
  @Matches(MONTH, MONTH_MESSAGE)
  to?: string;

  @ApiPropertyOptional({
    example: '450100',
    description: 'A unit in your jurisdiction (it and below); default your own',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;

  @ApiPropertyOptional({ example: 'auto' })
  @IsOptional()
  @Matches(/^[a-z]{2,32}$/, { message: 'must be a cluster code such as auto' })
  clusterCode?: string;

  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  sourceKind?: string;

  @ApiPropertyOptional({ description: 'The introducing chamber' })
  @IsOptional()
  @IsEntityId()
  chamberId?: string;

  @ApiPropertyOptional({ enum: OWNERSHIPS, description: '三企: central_soe 央企, private 民企, foreign 外企, ...' })
  @IsOptional()
  @IsIn(OWNERSHIPS)
  ownership?: string;

  @ApiPropertyOptional({ description: 'The resident team whose visit found the lead' })
  @IsOptional()
  @IsEntityId()
  teamId?: string;
}

export const FUNNEL_MODES = ['cohort', 'flow'] as const;

export class FunnelQueryDto extends AnalyticsFilterDto {
  @ApiPropertyOptional({
    enum: FUNNEL_MODES,
    default: 'cohort',
    description: 'cohort: leads created in the period and how far they got; flow: stage entries in the period',
  })
  @IsOptional()
  @IsIn(FUNNEL_MODES)
  mode: (typeof FUNNEL_MODES)[number] = 'cohort';
}

export class FunnelStageDto {
  @ApiProperty({ enum: PIPELINE }) stage: string;
  @ApiProperty({ example: '签约' }) name: string;
  @ApiProperty({ description: 'Projects that entered the stage (first entry; skipped stages count as passed)' })
  count: number;
  @ApiProperty({ description: '亿元: expected investment before signing, contract amount from signing on' })
  amount: number;
  @ApiProperty({
    description:
      '签约 / 开工 / 投产: claims still waiting for 甄别确认, beside count (which holds confirmed ones only); 0 elsewhere',
  })
  pendingCount: number;
  @ApiProperty({ description: '亿元: the contract amount of the signings waiting (签约 only; 0 elsewhere)' })
  pendingAmount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'count / the previous stage’s count' })
  conversionFromPrevious: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Half of those that reached the next stage did so within this many days (histogram bound; 731 = over two years)',
  })
  medianDaysToNext: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '90% of those that reached the next stage did so within this many days',
  })
  p90DaysToNext: number | null;
}

export class LostFromDto {
  @ApiProperty() stage: string;
  @ApiProperty() count: number;
}

export class FunnelLostDto {
  @ApiProperty() count: number;
  @ApiProperty() amount: number;
  @ApiProperty({ type: [LostFromDto], description: 'Where they were when dropped' }) byStage: LostFromDto[];
}

export class FunnelOnHoldDto {
  @ApiProperty({ description: 'Projects put on hold (first time)' }) count: number;
  @ApiProperty() amount: number;
  @ApiProperty({ description: 'Of them, resumed' }) resumed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Cohort only: still on hold now' }) current: number | null;
}

export class FunnelResponseDto {
  @ApiProperty({ enum: FUNNEL_MODES }) mode: string;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-06' }) to: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: [FunnelStageDto] }) stages: FunnelStageDto[];
  @ApiProperty() lost: FunnelLostDto;
  @ApiProperty() onHold: FunnelOnHoldDto;
}

export const BREAKDOWN_DIMENSIONS = [
  'region',
  'cluster',
  'source',
  'chamber',
  'ownership',
  'team',
  'keyCounty',
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export class BreakdownQueryDto extends AnalyticsFilterDto {
  @ApiProperty({
    enum: BREAKDOWN_DIMENSIONS,
    description:
      'region: the units directly below the unit asked about; keyCounty: every key industrial county (工业重点县) inside it, zeros included',
  })
  @IsIn(BREAKDOWN_DIMENSIONS)
  dimension: BreakdownDimension;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'is not a cursor this list returned' })
  cursor?: string;
}

/** The activity of a period (flow) and the conversion of the leads created in it (cohort). */
export class MeasuresDto {
  @ApiProperty() newLeads: number;
  @ApiProperty({ description: 'Confirmed signings (甄别确认)' }) signedCount: number;
  @ApiProperty({ description: '亿元, confirmed signings' }) signedAmount: number;
  @ApiProperty({ description: 'Signings claimed and waiting for confirmation, not in signedCount' })
  signedPendingCount: number;
  @ApiProperty({ description: '亿元, the signings waiting' }) signedPendingAmount: number;
  @ApiProperty({ description: '到资, 亿元' }) fundsReceived: number;
  @ApiProperty({ description: '完成投资 recorded for the period’s months, 亿元' }) investmentCompleted: number;
  @ApiProperty({ description: 'Confirmed construction starts' }) constructionStarts: number;
  @ApiProperty({ description: 'Confirmed production starts' }) productionStarts: number;
  @ApiProperty({ description: 'Construction starts waiting for confirmation' }) constructionPendingCount: number;
  @ApiProperty({ description: 'Production starts waiting for confirmation' }) productionPendingCount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the leads created in the period, the share contacted' })
  contactRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) siteVisitRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) negotiationRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the leads created in the period, the share signed' })
  signingRate: number | null;
}

export class BreakdownItemDto extends MeasuresDto {
  @ApiProperty({
    description: 'The dimension’s value: a unit code, cluster code, source kind, chamber or team id, ownership',
  })
  key: string;
  @ApiProperty({ example: '南宁市' }) name: string;
}

export class BreakdownPageDto extends PageOf(BreakdownItemDto) {
  @ApiProperty({ enum: BREAKDOWN_DIMENSIONS }) dimension: string;
}

export class TrendQueryDto extends AnalyticsFilterDto {
  @ApiPropertyOptional({ enum: ['month', 'quarter'], default: 'month' })
  @IsOptional()
  @IsIn(['month', 'quarter'])
  interval: 'month' | 'quarter' = 'month';
}

export class TrendPointDto extends MeasuresDto {
  @ApiProperty({ example: '2026-03', description: 'YYYY-MM or YYYYQn' }) period: string;
}

export class TrendResponseDto {
  @ApiProperty({ enum: ['month', 'quarter'] }) interval: string;
  @ApiProperty({ type: [TrendPointDto], description: 'Every period of the range, oldest first (at most 120 months)' })
  items: TrendPointDto[];
}

export class TargetItemDto {
  @ApiProperty({ example: '450100' })
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode: string;

  @ApiProperty({ enum: TARGET_CATEGORIES, description: "'all' for every project, or a 5个50 / 双百双新 category" })
  @IsIn(TARGET_CATEGORIES)
  category: string;

  @ApiPropertyOptional({
    enum: TARGET_MEASURES,
    description:
      'What the target counts; default the category’s own (签约 for all and 策划及前期, 在建 for 5个50 and 续建, the starts for 年内开工 / 年内投产)',
  })
  @IsOptional()
  @IsIn(TARGET_MEASURES)
  measure?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 50,
    description: 'Projects the measure counts (none for investment_completed and funds_in_place, which are amounts)',
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(100_000)
  targetCount?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 120.5, description: '亿元' })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsAmount(1_000_000)
  targetAmount?: number | null;

  @ApiPropertyOptional({ description: 'The version you read; required to change or remove a target that exists' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TargetsPutDto {
  @ApiProperty({
    type: [TargetItemDto],
    description: 'Targets to set, in one transaction (an item with both values null removes it)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TargetItemDto)
  items: TargetItemDto[];
}

export class YearParamDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class TargetListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '450100', description: 'Targets of that unit and below; default your jurisdiction' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;
}

export class TargetResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() year: number;
  @ApiProperty() regionCode: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: TARGET_MEASURES }) measure: string;
  @ApiProperty({ type: Number, nullable: true }) targetCount: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetAmount: number | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
}

export class TargetPageDto extends PageOf(TargetResponseDto) {}

export class TargetsPutResponseDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Targets set or changed' }) saved: number;
  @ApiProperty({ description: 'Targets removed' }) removed: number;
}

export class TargetProgressQueryDto {
  @ApiPropertyOptional({ example: 2026, description: 'Default this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({
    example: '450000',
    description: 'The unit whose direct sub-units are ranked; default your own',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;
}

export class TargetProgressItemDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ description: 'true for the unit asked about (its whole jurisdiction), false for a sub-unit' })
  total: boolean;
  @ApiProperty() category: string;
  @ApiProperty({ enum: TARGET_MEASURES }) measure: string;
  @ApiProperty({ type: Number, nullable: true }) targetCount: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetAmount: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Projects the measure counts in the year: signed, started, in production, or under construction at any time; null for amount measures',
  })
  actualCount: number | null;
  @ApiProperty({
    description:
      '亿元: the contract amount of the projects counted; for under_construction and investment_completed the year’s 完成投资, for funds_in_place its 到资',
  })
  actualAmount: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Signings, construction or production starts claimed and waiting for 甄别确认 (not in actualCount); null for other measures',
  })
  pendingCount: number | null;
  @ApiProperty({ description: '到资 in the year, 亿元' }) fundsReceived: number;
  @ApiProperty({ description: '完成投资 in the year, 亿元' }) investmentCompleted: number;
  @ApiProperty({ type: Number, nullable: true, description: 'actualCount / targetCount' }) completionRatio:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'actualAmount / targetAmount' }) amountCompletionRatio:
    number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'completion minus time elapsed: ahead (+) or behind (−) 序时进度',
  })
  aheadOfSchedule: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Rank among sibling units with a target in the category (1 = best completion)',
  })
  rank: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'How many siblings were ranked' }) rankedOf: number | null;
}

export class TargetProgressResponseDto {
  @ApiProperty() year: number;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: '序时进度: share of the year elapsed (Asia/Shanghai)' }) timeElapsedRatio: number;
  @ApiProperty({ type: [TargetProgressItemDto] }) items: TargetProgressItemDto[];
}

export class QuarterlyReportQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 3, minimum: 1, maximum: 4 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter: number;

  @ApiPropertyOptional({ example: '450000', description: 'The unit reported on; default your own' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit unit code' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format: 'json' | 'xlsx' = 'json';
}

/** The figures of one bulletin row, and of the totals. */
export class BulletinFiguresDto {
  @ApiProperty() newLeads: number;
  @ApiProperty() visits: number;
  @ApiProperty({ description: 'Confirmed signings (甄别确认)' }) signedCount: number;
  @ApiProperty({ description: '亿元' }) signedAmount: number;
  @ApiPropertyOptional({
    description:
      'Signings claimed and waiting for 甄别确认 when the bulletin was built, not in signedCount (absent before it existed)',
  })
  signedPendingCount?: number;
  @ApiProperty() constructionStarts: number;
  @ApiProperty() productionStarts: number;
  @ApiProperty({ description: '亿元' }) fundsReceived: number;
  @ApiPropertyOptional({
    description: '完成投资 of the quarter’s months, 亿元 (absent in bulletins sent before it was recorded)',
  })
  investmentCompleted?: number;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: "Units and the total only: the year's signing target ('all'), null when none is set",
  })
  targetCount?: number | null;
  @ApiPropertyOptional({ description: "Units and the total only: this year's signings so far" })
  yearSignedCount?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'yearSignedCount / targetCount' })
  completionRatio?: number | null;
}

/** One ranked row of a bulletin table (a unit, a cluster or a team). */
export class BulletinRowDto extends BulletinFiguresDto {
  @ApiProperty() rank: number;
  @ApiProperty({ description: 'regionCode, clusterCode or team id' }) key: string;
  @ApiProperty() name: string;
}

export class BulletinSigningDto {
  @ApiProperty() leadId: string;
  @ApiProperty() title: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() clusterName: string;
  @ApiProperty({ description: '亿元' }) signedAmount: number;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
}

/** The quarterly bulletin (季度通报) of a unit. */
export class QuarterlyBulletinDto {
  @ApiProperty() year: number;
  @ApiProperty({ minimum: 1, maximum: 4 }) quarter: number;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ example: '2026-01', description: 'First month of the quarter (YYYY-MM)' }) from: string;
  @ApiProperty({ example: '2026-03', description: 'Last month of the quarter (YYYY-MM)' }) to: string;
  @ApiProperty({ format: 'date-time' }) builtAt: string;
  @ApiProperty({ type: BulletinFiguresDto }) totals: BulletinFiguresDto;
  @ApiProperty({ type: [BulletinRowDto] }) byRegion: BulletinRowDto[];
  @ApiProperty({ type: [BulletinRowDto] }) byCluster: BulletinRowDto[];
  @ApiProperty({ type: [BulletinRowDto] }) byTeam: BulletinRowDto[];
  @ApiProperty({ type: [BulletinSigningDto] }) notableSignings: BulletinSigningDto[];
}
