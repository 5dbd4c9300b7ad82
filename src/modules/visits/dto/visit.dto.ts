import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
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
import { LEAD_CATEGORIES } from '../../../shared/lead.constants';
import type { LeadCategory } from '../../../shared/lead.constants';
import { INTENT_LEVELS, VISIT_KINDS, VISIT_STATUSES } from '../visit.entity';
import type { IntentLevel, VisitIntelligence, VisitKind, VisitNextStep, VisitStatus } from '../visit.entity';

export class TheirAttendeeDto {
  @ApiProperty({ example: '陈总' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ example: '副总裁' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string;
}

export class VisitIntelligenceDto {
  @ApiProperty({ enum: INTENT_LEVELS })
  @IsIn(INTENT_LEVELS)
  intentLevel: IntentLevel;

  @ApiPropertyOptional({ example: '计划在华南新建第二生产基地' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  expansionPlan?: string;

  @ApiPropertyOptional({ example: 15, description: '亿元' })
  @IsOptional()
  @IsAmount()
  expectedInvestment?: number;

  @ApiPropertyOptional({ example: 200 })
  @IsOptional()
  @IsMeasure(1_000_000)
  landNeedMu?: number;

  @ApiPropertyOptional({ example: 30000 })
  @IsOptional()
  @IsMeasure(100_000_000)
  factoryNeedSqm?: number;

  @ApiPropertyOptional({ example: '2027年上半年' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeframe?: string;
}

export class VisitNextStepDto {
  @ApiProperty({ example: '发送园区招商资料' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2026-12-05T18:00:00+08:00' })
  @IsIsoDateTime()
  dueAt: string;

  @ApiProperty({ example: '12' })
  @IsEntityId()
  assigneeId: string;
}

export class VisitLeadDraftDto {
  @ApiProperty({ example: '华南第二生产基地项目' })
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

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  segmentCode?: string;

  @ApiPropertyOptional({ description: '亿元' })
  @IsOptional()
  @IsAmount()
  expectedInvestment?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMeasure(1_000_000)
  landNeedMu?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMeasure(100_000_000)
  factoryNeedSqm?: number;

  @ApiPropertyOptional({ enum: LEAD_CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LEAD_CATEGORIES, { each: true })
  categories?: LeadCategory[];
}

class VisitFieldsDto {
  @ApiPropertyOptional({ enum: VISIT_STATUSES, default: 'done' })
  @OptionalNotNull()
  @IsIn(VISIT_STATUSES)
  status?: VisitStatus;

  @ApiPropertyOptional({ example: '深圳市南山区科技园' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ type: [String], description: 'Our people there: users of the team’s unit' })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(30)
  @IsEntityId({ each: true })
  ourAttendees?: string[];

  @ApiPropertyOptional({ type: [TheirAttendeeDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TheirAttendeeDto)
  theirAttendees?: TheirAttendeeDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  // TEXT holds 65,535 bytes; 10,000 characters of four bytes each still fit.
  @MaxLength(10_000)
  summary?: string;

  @ApiPropertyOptional({ type: VisitIntelligenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => VisitIntelligenceDto)
  intelligence?: VisitIntelligenceDto;

  @ApiPropertyOptional({ type: [VisitNextStepDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VisitNextStepDto)
  nextSteps?: VisitNextStepDto[];

  @ApiPropertyOptional({ example: '7', description: 'An existing lead this visit belongs to' })
  @IsOptional()
  @IsEntityId()
  leadId?: string;
}

export class VisitCreateDto extends VisitFieldsDto {
  @ApiProperty({ example: '3' })
  @IsEntityId()
  teamId: string;

  @ApiProperty({ example: '2026-11-26T15:00:00+08:00' })
  @IsIsoDateTime()
  visitedAt: string;

  @ApiProperty({ enum: VISIT_KINDS })
  @IsIn(VISIT_KINDS)
  kind: VisitKind;

  @ApiPropertyOptional({ example: '42' })
  @IsOptional()
  @IsEntityId()
  companyId?: string;

  @ApiPropertyOptional({ example: '5' })
  @IsOptional()
  @IsEntityId()
  chamberId?: string;

  @ApiPropertyOptional({
    type: VisitLeadDraftDto,
    description: 'Open a lead whose source is this visit, in the same request',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => VisitLeadDraftDto)
  createLead?: VisitLeadDraftDto;
}

export class VisitUpdateDto extends VisitFieldsDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  visitedAt?: string;
}

export class VisitListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsEntityId()
  teamId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEntityId()
  companyId?: string;

  @ApiPropertyOptional({ enum: VISIT_STATUSES })
  @IsOptional()
  @IsIn(VISIT_STATUSES)
  status?: VisitStatus;
}

export class VisitCalendarQueryDto extends PageQueryDto {
  @ApiProperty({ example: '2026-11-01T00:00:00+08:00' })
  @IsIsoDateTime()
  from: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+08:00' })
  @IsIsoDateTime()
  to: string;

  @ApiPropertyOptional({
    description: 'With a company: its visits by every team, details only inside your jurisdiction',
  })
  @IsOptional()
  @IsEntityId()
  companyId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEntityId()
  teamId?: string;
}

export class IntelligenceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'electronics' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be a cluster code such as electronics' })
  clusterCode?: string;

  @ApiPropertyOptional({ enum: ['medium', 'high'] })
  @IsOptional()
  @IsIn(['medium', 'high'])
  intentLevel?: 'medium' | 'high';

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+08:00' })
  @IsOptional()
  @IsIsoDateTime()
  from?: string;
}

export class OverlapVisitDto {
  @ApiProperty({ type: String, nullable: true, description: 'null outside your jurisdiction' })
  id: string | null;

  @ApiProperty()
  teamName: string;

  @ApiProperty()
  visitedAt: string;

  @ApiProperty({ enum: VISIT_STATUSES })
  status: VisitStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Only for visits inside your jurisdiction' })
  summary: string | null;
}

export class VisitWarningDto {
  @ApiProperty({ example: 'VISIT_OVERLAP' })
  code: 'VISIT_OVERLAP';

  @ApiProperty()
  message: string;

  @ApiProperty({ type: [OverlapVisitDto] })
  visits: OverlapVisitDto[];
}

export class VisitResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  teamId: string;

  @ApiProperty({ enum: VISIT_STATUSES })
  status: VisitStatus;

  @ApiProperty()
  visitedAt: string;

  @ApiProperty({ enum: VISIT_KINDS })
  kind: VisitKind;

  @ApiProperty({ type: String, nullable: true })
  companyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  chamberId: string | null;

  @ApiPropertyOptional({ description: 'In lists: the team’s name' })
  teamName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'In lists: the company’s name' })
  companyName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'In lists: the chamber’s name' })
  chamberName?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'In lists: the lead’s title (its code name when confidential)',
  })
  leadTitle?: string | null;

  @ApiProperty({ type: String, nullable: true })
  location: string | null;

  @ApiProperty({ type: [String] })
  ourAttendees: string[];

  @ApiProperty({ type: [TheirAttendeeDto] })
  theirAttendees: Array<{ name: string; title?: string }>;

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ type: VisitIntelligenceDto, nullable: true })
  intelligence: VisitIntelligence | null;

  @ApiProperty({ type: [VisitNextStepDto] })
  nextSteps: VisitNextStep[];

  @ApiProperty({ type: String, nullable: true })
  leadId: string | null;

  @ApiProperty()
  regionCode: string;

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  @ApiPropertyOptional({
    type: [VisitWarningDto],
    description: 'On create and update: other teams’ visits to the same company nearby in time',
  })
  warnings?: VisitWarningDto[];
}

export class VisitPageDto extends PageOf(VisitResponseDto) {}

export class CalendarEntryDto {
  @ApiProperty({ type: String, nullable: true, description: 'null outside your jurisdiction' })
  id: string | null;

  @ApiProperty()
  visitedAt: string;

  @ApiProperty({ enum: VISIT_STATUSES })
  status: VisitStatus;

  @ApiProperty()
  teamName: string;

  @ApiProperty({ description: 'false: only the date and team are shown (outside your jurisdiction)' })
  detailed: boolean;

  @ApiProperty({ type: String, nullable: true })
  kind: string | null;

  @ApiProperty({ type: String, nullable: true })
  companyName: string | null;

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({
    type: [String],
    description:
      'The other teams visiting the same company within VISIT_OVERLAP_DAYS (the overlap mark); empty outside your jurisdiction',
  })
  overlapTeamNames: string[];
}

export class CalendarPageDto extends PageOf(CalendarEntryDto) {}

export class IntelligenceEntryDto {
  @ApiProperty()
  visitId: string;

  @ApiProperty()
  visitedAt: string;

  @ApiProperty()
  teamName: string;

  @ApiProperty({ type: String, nullable: true })
  companyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  companyName: string | null;

  @ApiProperty({ type: VisitIntelligenceDto })
  intelligence: VisitIntelligence;

  @ApiProperty({ type: String, nullable: true })
  leadId: string | null;
}

export class IntelligencePageDto extends PageOf(IntelligenceEntryDto) {}
