import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import {
  idOrNull,
  IsEntityId,
  IsIsoDateTime,
  isoOrNull,
  OptionalNotNull,
  trimText,
} from '../../../core/common/validators';
import { SLIP_STATUSES, TASK_SOURCES, TASK_STATUSES } from '../task.entity';
import type { SlipStatus, SupervisionSlipEntity, TaskEntity, TaskSource, TaskStatus } from '../task.entity';
import type { RecordNames } from '../record-names';

export class TaskCreateDto {
  @ApiProperty({ example: '回访企业确认考察行程' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @IsEntityId()
  leadId?: string;

  @ApiPropertyOptional({ example: '7' })
  @IsOptional()
  @IsEntityId()
  companyId?: string;

  @ApiPropertyOptional({ example: '3' })
  @IsOptional()
  @IsEntityId()
  visitId?: string;

  @ApiPropertyOptional({ example: '15', description: 'Defaults to you' })
  @IsOptional()
  @IsEntityId()
  assigneeId?: string;

  @ApiProperty({ example: '2026-12-01T17:00:00+08:00' })
  @IsIsoDateTime()
  dueAt: string;

  @ApiPropertyOptional({
    example: '2026-11-30T09:00:00+08:00',
    description: 'Defaults to 09:00 Asia/Shanghai on the working day before dueAt',
  })
  @IsOptional()
  @IsIsoDateTime()
  remindAt?: string;

  @ApiPropertyOptional({
    example: 'FREQ=MONTHLY;BYMONTHDAY=1',
    description: 'RRULE: completing one occurrence opens the next',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  recurrence?: string;
}

export class TaskUpdateDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsEntityId()
  assigneeId?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  dueAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: no reminder' })
  @IsOptional()
  @IsIsoDateTime()
  remindAt?: string | null;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @OptionalNotNull()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  recurrence?: string | null;
}

export class TaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'me', description: '"me" or a user id' })
  @IsOptional()
  @Matches(/^(me|[1-9]\d{0,17})$/, { message: 'must be "me" or a user id' })
  assignee?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ example: '2026-11-28T00:00:00+08:00' })
  @IsOptional()
  @IsIsoDateTime()
  dueBefore?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEntityId()
  leadId?: string;
}

export class TaskResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) leadId: string | null;
  @ApiProperty({ type: String, nullable: true }) companyId: string | null;
  @ApiProperty({ type: String, nullable: true }) visitId: string | null;
  @ApiProperty() assigneeId: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ type: String, nullable: true }) remindAt: string | null;
  @ApiProperty({ description: 'The reminder went out' }) reminded: boolean;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ type: String, nullable: true }) recurrence: string | null;
  @ApiProperty({ enum: TASK_SOURCES }) source: TaskSource;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) createdBy: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The lead’s title (its code name when confidential)' })
  leadTitle: string | null;
  @ApiProperty({ type: String, nullable: true }) companyName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The assignee’s display name' })
  assigneeName: string | null;
  @ApiProperty({ type: String, nullable: true }) createdByName: string | null;
}

export class TaskPageDto extends PageOf(TaskResponseDto) {}

export function mapTask(row: TaskEntity, names: RecordNames): TaskResponseDto {
  return {
    id: String(row.id),
    title: row.title,
    leadId: idOrNull(row.leadId),
    companyId: idOrNull(row.companyId),
    visitId: idOrNull(row.visitId),
    assigneeId: String(row.assigneeId),
    regionCode: row.regionCode,
    dueAt: row.dueAt.toISOString(),
    remindAt: isoOrNull(row.remindAt),
    reminded: row.remindAt !== null && row.remindedFor !== null && row.remindAt.getTime() === row.remindedFor.getTime(),
    status: row.status,
    recurrence: row.recurrence,
    source: row.source,
    completedAt: isoOrNull(row.completedAt),
    createdBy: idOrNull(row.createdBy),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    leadTitle: names.lead(idOrNull(row.leadId)),
    companyName: names.company(idOrNull(row.companyId)),
    assigneeName: names.user(String(row.assigneeId)),
    createdByName: names.user(idOrNull(row.createdBy)),
  };
}

export class SlipListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SLIP_STATUSES })
  @IsOptional()
  @IsIn(SLIP_STATUSES)
  status?: SlipStatus;
}

export class SlipAnswerDto {
  @ApiProperty({ example: '已约企业下周复谈，指定专人跟进' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  answer: string;
}

export class SlipResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'The lead’s last activity when it stalled' }) episodeAt: string;
  @ApiProperty() stage: string;
  @ApiProperty({ enum: SLIP_STATUSES }) status: SlipStatus;
  @ApiProperty({ type: String, nullable: true }) answer: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredBy: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Answer by then (the stall rules’ slipDueDays); null for slips opened before the rules had one',
  })
  dueAt: string | null;
  @ApiProperty({ description: '0 on time; 1 once overdue (the unit above told); 2, 3… one unit higher each period' })
  overdueLevel: number;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The lead’s title (its code name when confidential)' })
  leadTitle: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredByName: string | null;
}

export class SlipPageDto extends PageOf(SlipResponseDto) {}

export function mapSlip(row: SupervisionSlipEntity, names: RecordNames): SlipResponseDto {
  return {
    id: String(row.id),
    leadId: String(row.leadId),
    regionCode: row.regionCode,
    episodeAt: row.episodeAt.toISOString(),
    stage: row.stage,
    status: row.status,
    answer: row.answer,
    answeredBy: idOrNull(row.answeredBy),
    answeredAt: isoOrNull(row.answeredAt),
    dueAt: isoOrNull(row.dueAt),
    overdueLevel: Number(row.overdueLevel),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    leadTitle: names.lead(String(row.leadId)),
    answeredByName: names.user(idOrNull(row.answeredBy)),
  };
}
