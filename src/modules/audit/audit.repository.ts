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
  calendar_year: `SELECT year AS id, CONCAT(year, '年工作日历') AS name FROM calendar_years WHERE year IN (?)`,
  visit: `SELECT v.id, CONCAT(COALESCE(c.name, ch.name, ''), ' ', DATE_FORMAT(CONVERT_TZ(v.visited_at, '+00:00', '+08:00'), '%Y-%m-%d')) AS name
    FROM visits v LEFT JOIN companies c ON c.id = v.company_id LEFT JOIN chambers ch ON ch.id = v.chamber_id WHERE v.id IN (?)`,
};

const RECORD_ID = /^[1-9]\d{0,17}$/;

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
   * The names a page of entries shows beside its ids, in one statement whatever the page holds: the display names
   * of the users it names (actors and user fields) and the names of the records it is about (a lead's title, a
   * park's name, a visit's company and date…), one UNION ALL branch per kind on the page. The entries are already
   * within the caller's jurisdiction. Records are keyed `entity:entityId`; kinds without a name are absent.
   */
  async namesFor(
    entries: Array<{ entity: string; entityId: string }>,
    userIds: string[],
  ): Promise<{ users: Map<string, string>; records: Map<string, string> }> {
    // Composite ids (a park's company, a lead's collaborator): the name comes from the first part.
    const nameKeyOf = (entity: string, entityId: string) =>
      entity === 'park_company' || entity === 'lead_collaborator' ? entityId.split('-')[0] : entityId;
    const idsOf = new Map<string, Set<string>>();
    // The users an entry names (actor, user fields) share the branch of entries about users.
    const users = new Set(userIds.filter((id) => RECORD_ID.test(id)));
    if (users.size > 0) idsOf.set('user', new Set(users));
    for (const { entity, entityId } of entries) {
      const id = nameKeyOf(entity, entityId);
      if (!RECORD_NAME_QUERIES[entity] || !RECORD_ID.test(id)) continue;
      idsOf.set(entity, (idsOf.get(entity) ?? new Set()).add(id));
    }
    if (idsOf.size === 0) return { users: new Map(), records: new Map() };
    // The kinds are this file's own constants, never input; the ids travel as parameters.
    const kinds = [...idsOf.keys()];
    const rows: Array<{ kind: string; id: string; name: string | null }> = await this.entries.query(
      kinds
        .map((kind) => `SELECT '${kind}' AS kind, n.id, n.name FROM (${RECORD_NAME_QUERIES[kind]}) n`)
        .join(' UNION ALL '),
      kinds.map((kind) => [...idsOf.get(kind)!]),
    );
    const names = new Map<string, string>();
    for (const row of rows) if (row.name) names.set(`${row.kind}:${row.id}`, row.name);
    const records = new Map<string, string>();
    for (const { entity, entityId } of entries) {
      const name = names.get(`${entity}:${nameKeyOf(entity, entityId)}`);
      if (name) records.set(`${entity}:${entityId}`, name);
    }
    const userNames = new Map<string, string>();
    for (const id of users) {
      const name = names.get(`user:${id}`);
      if (name) userNames.set(id, name);
    }
    return { users: userNames, records };
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
