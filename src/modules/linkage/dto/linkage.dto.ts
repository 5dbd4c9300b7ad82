import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { idOrNull, IsEntityId, isoOrNull, trimText } from '../../../core/common/validators';
import { LeadResponseDto, TimelineEntryDto } from '../../leads/dto/lead.dto';
import type { ConflictEntity } from '../conflict.entity';
import { SimilarityReasonDto } from '../../companies/dto/company.dto';
import type { DispatchEntity } from '../dispatch.entity';
import type { EscalationEntity } from '../escalation.entity';
import {
  CONFLICT_OUTCOMES,
  CONFLICT_STATUSES,
  DISPATCH_STATUSES,
  ESCALATION_DECISIONS,
  ESCALATION_NEEDS,
  ESCALATION_STATUSES,
} from '../../../shared/linkage.constants';
import type {
  ConflictOutcome,
  ConflictStatus,
  DispatchDirection,
  DispatchStatus,
  EscalationDecision,
  EscalationNeed,
  EscalationStatus,
} from '../../../shared/linkage.constants';

/** Names beside ids (docs/api.md "Lists"), read in one batched query per kind per page (LinkageNames). */
export interface LinkageNameLookup {
  user(id: string | number | null | undefined): string | null;
  lead(id: string | number | null | undefined): string | null;
}

/** The version an action read; a stale one answers 409 VERSION_CONFLICT. Optional: the status check guards too. */
class VersionedActionDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DispatchCreateDto {
  @ApiProperty({ example: '450102', description: 'A unit below the holder, or (with a reason) the holder’s parent' })
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a unit' })
  toRegionCode: string;

  @ApiPropertyOptional({ example: '企业有意在青秀区落地，请对接' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ description: 'Required to send a lead up to the parent unit' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 30,
    description: 'Working days to accept; defaults to DISPATCH_ACCEPT_DEADLINE',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  acceptWithinDays?: number;
}

export class DispatchAcceptDto extends VersionedActionDto {
  @ApiPropertyOptional({ example: '15', description: 'The owner at the receiving unit; defaults to you (an officer)' })
  @IsOptional()
  @IsEntityId()
  ownerUserId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class DispatchReturnDto extends VersionedActionDto {
  @ApiProperty({ example: '本县无符合条件的用地' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class DispatchWithdrawDto extends VersionedActionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DispatchResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() fromRegionCode: string;
  @ApiProperty() toRegionCode: string;
  @ApiProperty({ enum: ['down', 'up'] }) direction: DispatchDirection;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ enum: DISPATCH_STATUSES }) status: DispatchStatus;
  @ApiProperty() dueAt: string;
  @ApiProperty({
    description: '0 on time; 1 overdue (the receiver’s parent told); 2 one period later (one level higher)',
  })
  overdueLevel: number;
  @ApiProperty({ type: String, nullable: true }) overdueAt: string | null;
  @ApiProperty({ type: String, nullable: true }) sentBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The sender’s display name' }) sentByName: string | null;
  @ApiProperty({ type: String, nullable: true }) respondedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who accepted or returned it, by name' })
  respondedByName: string | null;
  @ApiProperty({ type: String, nullable: true }) respondedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) returnReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export function mapDispatch(row: DispatchEntity, names: LinkageNameLookup): DispatchResponseDto {
  return {
    id: String(row.id),
    leadId: String(row.leadId),
    fromRegionCode: row.fromRegionCode,
    toRegionCode: row.toRegionCode,
    direction: row.direction,
    note: row.note,
    reason: row.reason,
    status: row.status,
    dueAt: row.dueAt.toISOString(),
    overdueLevel: row.overdueLevel,
    overdueAt: isoOrNull(row.overdueAt),
    sentBy: idOrNull(row.sentBy),
    sentByName: names.user(row.sentBy),
    respondedBy: idOrNull(row.respondedBy),
    respondedByName: names.user(row.respondedBy),
    respondedAt: isoOrNull(row.respondedAt),
    returnReason: row.returnReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export class CollaboratorCreateDto {
  @ApiProperty({ example: '450100', description: 'The supporting unit (a Guangxi unit other than the holder)' })
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a unit' })
  regionCode: string;

  @ApiPropertyOptional({ example: '市投促局协调用地' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class CollaboratorParamsDto {
  @ApiProperty({ example: '12' })
  @IsEntityId()
  id: string;

  @ApiProperty({ example: '450100' })
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a unit' })
  regionCode: string;
}

export class CollaboratorResponseDto {
  @ApiProperty() leadId: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) addedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who added it, by name' }) addedByName: string | null;
  @ApiProperty() createdAt: string;
}

export class CollaboratorListDto {
  @ApiProperty({ type: [CollaboratorResponseDto] }) items: CollaboratorResponseDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Always null: a lead has at most one collaborator per unit, all on one page',
  })
  nextCursor: null;
}

export class EscalationCreateDto {
  @ApiProperty({ enum: ESCALATION_NEEDS })
  @IsIn(ESCALATION_NEEDS)
  need: EscalationNeed;

  @ApiProperty({ example: '项目需新增用地指标 300 亩，县级无法解决' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  detail: string;
}

export class EscalationAnswerDto extends VersionedActionDto {
  @ApiProperty({ enum: ESCALATION_DECISIONS, description: 'forwarded passes it one level up' })
  @IsIn(ESCALATION_DECISIONS)
  decision: EscalationDecision;

  @ApiPropertyOptional({ description: 'Required when declining' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class EscalationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty({ enum: ESCALATION_NEEDS }) need: EscalationNeed;
  @ApiProperty() detail: string;
  @ApiProperty() fromRegionCode: string;
  @ApiProperty({ description: 'The unit that must answer now' }) toRegionCode: string;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: EscalationStatus;
  @ApiProperty() forwardCount: number;
  @ApiProperty() dueAt: string;
  @ApiProperty() overdueLevel: number;
  @ApiProperty({ type: String, nullable: true }) overdueAt: string | null;
  @ApiProperty({ type: String, nullable: true }) raisedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who raised it, by name' }) raisedByName: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who answered it, by name' })
  answeredByName: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt: string | null;
  @ApiProperty({ type: String, nullable: true }) answerNote: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export function mapEscalation(row: EscalationEntity, names: LinkageNameLookup): EscalationResponseDto {
  return {
    id: String(row.id),
    leadId: String(row.leadId),
    need: row.need,
    detail: row.detail,
    fromRegionCode: row.fromRegionCode,
    toRegionCode: row.toRegionCode,
    status: row.status,
    forwardCount: row.forwardCount,
    dueAt: row.dueAt.toISOString(),
    overdueLevel: row.overdueLevel,
    overdueAt: isoOrNull(row.overdueAt),
    raisedBy: idOrNull(row.raisedBy),
    raisedByName: names.user(row.raisedBy),
    answeredBy: idOrNull(row.answeredBy),
    answeredByName: names.user(row.answeredBy),
    answeredAt: isoOrNull(row.answeredAt),
    answerNote: row.answerNote,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export class ConflictResolveDto extends VersionedActionDto {
  @ApiPropertyOptional({
    example: '31',
    description: 'One of the two leads; required unless the outcome is distinct_projects, where it is not given',
  })
  @IsOptional()
  @IsEntityId()
  winnerLeadId?: string;

  @ApiProperty({
    enum: CONFLICT_OUTCOMES,
    description:
      'winner_takes: the other lead is closed as lost; co_handle: its unit becomes a collaborator; distinct_projects: two projects (of one group, say), both leads stay and the note says why',
  })
  @IsIn(CONFLICT_OUTCOMES)
  outcome: ConflictOutcome;

  @ApiPropertyOptional({ description: 'Why; required for distinct_projects' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ConflictListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONFLICT_STATUSES })
  @IsOptional()
  @IsIn(CONFLICT_STATUSES)
  status?: ConflictStatus;

  @ApiPropertyOptional({ description: 'Only the conflicts this lead is a party to' })
  @IsOptional()
  @IsEntityId()
  leadId?: string;
}

export class ConflictPartyDto {
  @ApiProperty() leadId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The lead’s title as you may read it: the code name of a confidential lead outside your chain',
  })
  leadTitle: string | null;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'First registration time (首报)' }) registeredAt: string;
}

export class ConflictResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The first lead’s company' }) companyId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The second lead’s company when it is another, alike one (a similar name, an alias, its group)',
  })
  secondCompanyId: string | null;
  @ApiProperty({ description: 'How alike the two companies are, 0.8 to 1 (1: the same company)' }) similarity: number;
  @ApiProperty({ type: [SimilarityReasonDto], description: 'Why the two were flagged' }) reasons: SimilarityReasonDto[];
  @ApiProperty({ type: ConflictPartyDto, description: 'The earlier registration' }) first: ConflictPartyDto;
  @ApiProperty({ type: ConflictPartyDto }) second: ConflictPartyDto;
  @ApiProperty({ description: 'The lowest unit above both, which resolves it' }) arbiterRegionCode: string;
  @ApiProperty({ description: 'Default ruling 首报首谈: the earlier registration' }) suggestedWinnerLeadId: string;
  @ApiProperty({
    enum: ['created', 'imported', 'visit', 'dispatch', 'ruling'],
    description: 'ruling: the winner of another ruling took the closed lead’s place',
  })
  detectedOn: string;
  @ApiProperty({ enum: CONFLICT_STATUSES }) status: ConflictStatus;
  @ApiProperty({ type: String, nullable: true }) winnerLeadId: string | null;
  @ApiProperty({ enum: CONFLICT_OUTCOMES, nullable: true }) outcome: ConflictOutcome | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who ruled on it, by name' }) resolvedByName: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export function mapConflict(row: ConflictEntity, names: LinkageNameLookup): ConflictResponseDto {
  return {
    id: String(row.id),
    companyId: String(row.companyId),
    secondCompanyId: row.secondCompanyId ? String(row.secondCompanyId) : null,
    similarity: Number(row.similarity),
    reasons: row.reasons ?? [],
    first: {
      leadId: String(row.firstLeadId),
      leadTitle: names.lead(row.firstLeadId),
      regionCode: row.firstRegionCode,
      registeredAt: row.firstRegisteredAt.toISOString(),
    },
    second: {
      leadId: String(row.secondLeadId),
      leadTitle: names.lead(row.secondLeadId),
      regionCode: row.secondRegionCode,
      registeredAt: row.secondRegisteredAt.toISOString(),
    },
    arbiterRegionCode: row.arbiterRegionCode,
    suggestedWinnerLeadId: String(row.firstLeadId),
    detectedOn: row.detectedOn,
    status: row.status,
    winnerLeadId: idOrNull(row.winnerLeadId),
    outcome: row.outcome,
    note: row.note,
    resolvedBy: idOrNull(row.resolvedBy),
    resolvedByName: names.user(row.resolvedBy),
    resolvedAt: isoOrNull(row.resolvedAt),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export class ConflictSideDto {
  @ApiProperty() leadId: string;
  @ApiProperty({
    type: LeadResponseDto,
    nullable: true,
    description: 'Null when the lead is outside your jurisdiction',
  })
  lead: LeadResponseDto | null;
  @ApiProperty({
    type: [TimelineEntryDto],
    description: 'Its latest timeline entries (empty outside your jurisdiction)',
  })
  timeline: TimelineEntryDto[];
}

export class ConflictDetailDto extends ConflictResponseDto {
  @ApiProperty({ type: [ConflictSideDto], description: 'Both leads, the earlier first' })
  sides: ConflictSideDto[];
}

export class ConflictPageDto extends PageOf(ConflictResponseDto) {}

export class BoardQueryDto extends PageQueryDto {}

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['open', 'closed'],
    default: 'open',
    description: 'open: still pending; closed: answered',
  })
  @IsOptional()
  @IsIn(['open', 'closed'])
  state?: 'open' | 'closed';
}

export class BoardItemDto {
  @ApiProperty({ enum: ['dispatch', 'escalation'] }) kind: 'dispatch' | 'escalation';
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty({ description: 'The lead’s title (its code name when confidential)' }) leadTitle: string;
  @ApiProperty() fromRegionCode: string;
  @ApiProperty() toRegionCode: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true, enum: ESCALATION_NEEDS }) need: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The dispatch note or the escalation detail' }) detail:
    string | null;
  @ApiProperty() dueAt: string;
  @ApiProperty() overdueLevel: number;
  @ApiProperty() createdAt: string;
}

export class BoardPageDto extends PageOf(BoardItemDto) {}
