import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { IsIsoDateTime } from '../../../core/common/validators';
import type { AuditChanges } from '../audit-entry.entity';
import type { NamedAuditEntry } from '../audit.repository';

export class AuditListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,31}$/, { message: 'must be a record name such as user or lead' })
  entity?: string;

  @ApiPropertyOptional({ example: '42' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be a record id such as 42' })
  entityId?: string;

  @ApiPropertyOptional({ example: '7' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'must be a user id such as 7' })
  userId?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+08:00' })
  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00+08:00' })
  @IsOptional()
  @IsIsoDateTime()
  to?: string;
}

export class AuditEntryResponseDto {
  @ApiProperty({ example: '1001' })
  id: string;

  @ApiProperty({ example: '2026-03-01T01:00:00.000Z' })
  at: string;

  @ApiProperty({ type: String, nullable: true, description: 'null for the system itself' })
  userId: string | null;

  @ApiProperty({ example: 'update' })
  action: string;

  @ApiProperty({ example: 'user' })
  entity: string;

  @ApiProperty({ example: '42' })
  entityId: string;

  @ApiProperty({ type: String, nullable: true })
  regionCode: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: {}, minItems: 2, maxItems: 2 },
    example: { role: ['officer', 'manager'] },
    description: '{field: [before, after]}',
  })
  changes: Record<string, [unknown, unknown]>;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The actor's display name" })
  userName: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The record’s name (a lead’s title, a park’s name, a visit’s company and date); null for sign-ins',
  })
  entityName: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { '42': '李明' },
    description: 'Display names of the users the changes name (owner, assignee, leader, members), by id',
  })
  userNames: Record<string, string>;
}

export class AuditPageDto extends PageOf(AuditEntryResponseDto) {}

/** The change fields whose values are user ids (one or a list). */
export const USER_ID_FIELDS = ['assigneeId', 'leaderUserId', 'ownerUserId', 'memberUserIds', 'answeredBy'];

/** The user ids an entry's changes name: the values of its user fields. */
export function changedUserIdsOf(changes: AuditChanges | null): string[] {
  const ids: string[] = [];
  for (const field of USER_ID_FIELDS) {
    const change = changes?.[field];
    if (!Array.isArray(change)) continue;
    for (const value of change.flat())
      if (typeof value === 'string' || typeof value === 'number') ids.push(String(value));
  }
  return ids;
}

/** `changedUsers`: the display names of the users the page's changes name, by id. */
export function mapAuditEntry(row: NamedAuditEntry, changedUsers: Map<string, string>): AuditEntryResponseDto {
  const named = changedUserIdsOf(row.changes).filter((id) => changedUsers.has(id));
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    userId: row.userId === null ? null : String(row.userId),
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    regionCode: row.regionCode,
    changes: row.changes,
    requestId: row.requestId,
    userName: row.userName,
    entityName: row.entityName,
    userNames: Object.fromEntries(named.map((id) => [id, changedUsers.get(id)!])),
  };
}
