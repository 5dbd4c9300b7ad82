import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
}

/**
 * How each kind of audited record is named, as a scalar subselect on the record's id (the `:auditRecordId`
 * parameter). The name is written with the entry, in the transaction of the change, so the trail shows what the
 * record was called when it changed and its list reads one table. A lead's satellite records (dispatch, note, fund…)
 * are named by their lead; composite ids (a park's company, a lead's collaborator) by their first part.
 */
const LEAD_TITLE_OF = (table: string) =>
  `SELECT l.title FROM ${table} r JOIN leads l ON l.id = r.lead_id WHERE r.id = :auditRecordId`;
const RECORD_NAME_QUERIES: Record<string, string> = {
  lead: 'SELECT title FROM leads WHERE id = :auditRecordId',
  lead_collaborator: 'SELECT title FROM leads WHERE id = :auditRecordId',
  lead_dispatch: LEAD_TITLE_OF('lead_dispatches'),
  lead_escalation: LEAD_TITLE_OF('lead_escalations'),
  lead_fund: LEAD_TITLE_OF('lead_funds'),
  lead_claim: LEAD_TITLE_OF('lead_claims'),
  lead_investment: LEAD_TITLE_OF('lead_investments'),
  lead_note: LEAD_TITLE_OF('lead_notes'),
  supervision_slip: LEAD_TITLE_OF('supervision_slips'),
  lead_conflict: `SELECT CONCAT(a.title, ' / ', b.title) FROM lead_conflicts c
    JOIN leads a ON a.id = c.first_lead_id JOIN leads b ON b.id = c.second_lead_id WHERE c.id = :auditRecordId`,
  company: 'SELECT name FROM companies WHERE id = :auditRecordId',
  chamber: 'SELECT name FROM chambers WHERE id = :auditRecordId',
  park: 'SELECT name FROM parks WHERE id = :auditRecordId',
  park_company: 'SELECT name FROM parks WHERE id = :auditRecordId',
  team: 'SELECT name FROM teams WHERE id = :auditRecordId',
  user: 'SELECT display_name FROM users WHERE id = :auditRecordId',
  task: 'SELECT title FROM tasks WHERE id = :auditRecordId',
  import: 'SELECT file_name FROM imports WHERE id = :auditRecordId',
  calendar_year: "SELECT CONCAT(year, '年工作日历') FROM calendar_years WHERE year = :auditRecordId",
  region: 'SELECT name FROM regions WHERE code = :auditRecordId',
  visit: `SELECT CONCAT(COALESCE(c.name, ch.name, ''), ' ', DATE_FORMAT(CONVERT_TZ(v.visited_at, '+00:00', '+08:00'), '%Y-%m-%d'))
    FROM visits v LEFT JOIN companies c ON c.id = v.company_id LEFT JOIN chambers ch ON ch.id = v.chamber_id
   WHERE v.id = :auditRecordId`,
};

const RECORD_ID = /^[1-9]\d{0,17}$/;

/**
 * The subselect naming the record an entry is about and the id it takes, or null for kinds without a name (a
 * setting, a report) and ids that are not a record's.
 */
export function recordNameQuery(entity: string, entityId: string): { sql: string; recordId: string } | null {
  const recordId = entity === 'park_company' || entity === 'lead_collaborator' ? entityId.split('-')[0] : entityId;
  const sql = RECORD_NAME_QUERIES[entity];
  return sql && RECORD_ID.test(recordId) ? { sql, recordId } : null;
}

/** An entry of a listed page with the names it shows beside its ids, read in the list's own statement. */
export type NamedAuditEntry = AuditEntryEntity & { userName: string | null };

/** The audit reads of one jurisdiction (see docs/architecture.md, "Jurisdiction"). */
export type ScopedAudit = ReturnType<AuditRepository['forScope']>;

/** Reads the audit trail of the records inside a jurisdiction, newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** The reads a request makes, bound to the caller's jurisdiction: no method of the result can leave it out. */
  forScope(scope: JurisdictionScope) {
    return {
      list: (filter: AuditFilter, beforeId: string | undefined, limit: number): Promise<NamedAuditEntry[]> =>
        this.listForJurisdiction(scope, filter, beforeId, limit),
      count: (filter: AuditFilter) => this.countForJurisdiction(scope, filter),
    };
  }

  /** The display names of the users a page's changes name (assignee, holder…), in one query; absent ids are absent. */
  async userNames(userIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds.filter((id) => RECORD_ID.test(id)))];
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.entries.query(
      'SELECT id, display_name AS name FROM users WHERE id IN (?)',
      [ids],
    );
    return new Map(rows.map((row) => [String(row.id), row.name]));
  }

  private async listForJurisdiction(
    scope: JurisdictionScope,
    filter: AuditFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<NamedAuditEntry[]> {
    const query = this.filtered(scope, filter);
    if (beforeId) query.andWhere('entry.id < :beforeId', { beforeId });
    const { entities, raw } = await query
      .leftJoin('users', 'actor', 'actor.id = entry.user_id')
      .addSelect('actor.display_name', 'actor_name')
      .orderBy('entry.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ actor_name: string | null }>();
    // One raw row per entry: the only join is on the users' primary key.
    return entities.map((entry, index) => Object.assign(entry, { userName: raw[index].actor_name ?? null }));
  }

  private countForJurisdiction(scope: JurisdictionScope, filter: AuditFilter): Promise<number> {
    return this.filtered(scope, filter).getCount();
  }

  private filtered(scope: JurisdictionScope, filter: AuditFilter) {
    const query = this.entries.createQueryBuilder('entry');
    scope.applyTo(query, 'entry');
    if (filter.entity) query.andWhere('entry.entity = :entity', { entity: filter.entity });
    if (filter.entityId) query.andWhere('entry.entityId = :entityId', { entityId: filter.entityId });
    if (filter.userId) query.andWhere('entry.userId = :userId', { userId: filter.userId });
    if (filter.from) query.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.at < :to', { to: filter.to });
    return query;
  }
}
