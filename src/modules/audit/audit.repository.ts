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
 * How each kind of audited record is named, by id (`?` is the list of ids). The entries are already inside the
 * caller's jurisdiction, and the trail's readers (administrators, managers of the holding chain) may read the
 * records' names. A lead's satellite records (dispatch, note, fund…) are named by their lead.
 */
const LEAD_TITLE_OF = (table: string) =>
  `SELECT r.id, l.title AS name FROM ${table} r JOIN leads l ON l.id = r.lead_id WHERE r.id IN (?)`;
const RECORD_NAME_QUERIES: Record<string, string> = {
  lead: 'SELECT id, title AS name FROM leads WHERE id IN (?)',
  lead_collaborator: 'SELECT id, title AS name FROM leads WHERE id IN (?)',
  lead_dispatch: LEAD_TITLE_OF('lead_dispatches'),
  lead_escalation: LEAD_TITLE_OF('lead_escalations'),
  lead_fund: LEAD_TITLE_OF('lead_funds'),
  lead_note: LEAD_TITLE_OF('lead_notes'),
  supervision_slip: LEAD_TITLE_OF('supervision_slips'),
  lead_conflict: `SELECT c.id, CONCAT(a.title, ' / ', b.title) AS name FROM lead_conflicts c
    JOIN leads a ON a.id = c.first_lead_id JOIN leads b ON b.id = c.second_lead_id WHERE c.id IN (?)`,
  company: 'SELECT id, name FROM companies WHERE id IN (?)',
  chamber: 'SELECT id, name FROM chambers WHERE id IN (?)',
  park: 'SELECT id, name FROM parks WHERE id IN (?)',
  park_company: 'SELECT id, name FROM parks WHERE id IN (?)',
  team: 'SELECT id, name FROM teams WHERE id IN (?)',
  user: 'SELECT id, display_name AS name FROM users WHERE id IN (?)',
  task: 'SELECT id, title AS name FROM tasks WHERE id IN (?)',
  import: 'SELECT id, file_name AS name FROM imports WHERE id IN (?)',
  visit: `SELECT v.id, CONCAT(COALESCE(c.name, ch.name, ''), ' ', DATE_FORMAT(CONVERT_TZ(v.visited_at, '+00:00', '+08:00'), '%Y-%m-%d')) AS name
    FROM visits v LEFT JOIN companies c ON c.id = v.company_id LEFT JOIN chambers ch ON ch.id = v.chamber_id WHERE v.id IN (?)`,
};

/** The audit reads of one jurisdiction (see docs/architecture.md, "Jurisdiction"). */
export type ScopedAudit = ReturnType<AuditRepository['forScope']>;

/** Reads the audit trail of the records inside a jurisdiction, newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** The reads a request makes, bound to the caller's jurisdiction: no method of the result can leave it out. */
  forScope(scope: JurisdictionScope) {
    return {
      list: (filter: AuditFilter, beforeId: string | undefined, limit: number) =>
        this.listForJurisdiction(scope, filter, beforeId, limit),
      count: (filter: AuditFilter) => this.countForJurisdiction(scope, filter),
    };
  }

  /**
   * Display names of the users a page of entries names (actors and user fields), one query per page. The entries
   * are already within the caller's jurisdiction; the names are what the trail shows beside their ids.
   */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((id) => /^[1-9]\d{0,17}$/.test(id));
    if (unique.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.entries.query(
      'SELECT id, display_name AS name FROM users WHERE id IN (?)',
      [unique],
    );
    return new Map(rows.map((row) => [String(row.id), row.name]));
  }

  /**
   * The names of the records a page of entries is about (a lead's title, a park's name, a visit's company and
   * date…), one query per kind of record on the page. Keyed `entity:entityId`; kinds without a name are absent.
   */
  async recordNames(entries: Array<{ entity: string; entityId: string }>): Promise<Map<string, string>> {
    const idsOf = new Map<string, Set<string>>();
    for (const { entity, entityId } of entries) {
      if (!RECORD_NAME_QUERIES[entity]) continue;
      // Composite ids (a park's company, a lead's collaborator): the name comes from the first part.
      const id = entity === 'park_company' || entity === 'lead_collaborator' ? entityId.split('-')[0] : entityId;
      if (!/^[1-9]\d{0,17}$/.test(id)) continue;
      idsOf.set(entity, (idsOf.get(entity) ?? new Set()).add(id));
    }
    const names = new Map<string, string>();
    await Promise.all(
      [...idsOf].map(async ([entity, ids]) => {
        const rows: Array<{ id: string; name: string | null }> = await this.entries.query(RECORD_NAME_QUERIES[entity], [
          [...ids],
        ]);
        for (const row of rows) if (row.name) names.set(`${entity}:${row.id}`, row.name);
      }),
    );
    const named = new Map<string, string>();
    for (const { entity, entityId } of entries) {
      const id = entity === 'park_company' || entity === 'lead_collaborator' ? entityId.split('-')[0] : entityId;
      const name = names.get(`${entity}:${id}`);
      if (name) named.set(`${entity}:${entityId}`, name);
    }
    return named;
  }

  private listForJurisdiction(
    scope: JurisdictionScope,
    filter: AuditFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<AuditEntryEntity[]> {
    const query = this.filtered(scope, filter);
    if (beforeId) query.andWhere('entry.id < :beforeId', { beforeId });
    return query
      .orderBy('entry.id', 'DESC')
      .limit(limit + 1)
      .getMany();
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
