import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import { CONFIDENTIAL_NAME } from '../leads/dto/lead.mapper';
import { ConflictEntity } from './conflict.entity';
import { DeadlineEntity } from './deadline.entity';
import { DispatchEntity } from './dispatch.entity';
import { EscalationEntity } from './escalation.entity';
import type { ConflictStatus, DeadlineSubject } from '../../shared/linkage.constants';

export type DispatchValues = Omit<DispatchEntity, 'id' | 'lead' | 'version' | 'createdAt' | 'updatedAt'>;
export type EscalationValues = Omit<EscalationEntity, 'id' | 'lead' | 'version' | 'createdAt' | 'updatedAt'>;
export type ConflictValues = Omit<
  ConflictEntity,
  'id' | 'company' | 'secondCompany' | 'firstLead' | 'secondLead' | 'version' | 'createdAt' | 'updatedAt'
>;
export type DeadlineValues = Pick<DeadlineEntity, 'subjectKind' | 'subjectId' | 'round' | 'step' | 'level' | 'fireAt'>;

/** What a conflict list is narrowed to, besides the caller's jurisdiction. */
export interface ConflictFilter {
  status?: ConflictStatus;
  leadId?: string;
}

/** A row of the inbox, outbox and overdue boards: a dispatch or an escalation, with its lead's title. */
export interface BoardRow {
  kind: 'dispatch' | 'escalation';
  id: string;
  leadId: string;
  leadTitle: string;
  fromRegionCode: string;
  toRegionCode: string;
  status: string;
  need: string | null;
  detail: string | null;
  dueAt: Date;
  overdueLevel: number;
  createdAt: Date;
}

export type BoardFilter =
  | { board: 'inbox'; unit: UnitRef }
  | { board: 'outbox'; unit: UnitRef; open: boolean }
  | { board: 'overdue'; scope: JurisdictionScope };

export type BoardCursor = [string, string, string];

/** Dispatches, escalations, conflicts and their deadlines. Callers check jurisdiction on the rows they get. */
@Injectable()
export class LinkageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private managerOf(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insertDispatch(manager: EntityManager, values: DispatchValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DispatchEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  findDispatch(id: string, manager?: EntityManager, lock = false): Promise<DispatchEntity | null> {
    const query = this.managerOf(manager).createQueryBuilder(DispatchEntity, 'd').where('d.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** Closes a pending dispatch; false when it was no longer pending (someone answered first). */
  async closeDispatch(manager: EntityManager, id: string, changes: Partial<DispatchEntity>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DispatchEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where("id = :id AND status = 'pending'", { id })
      .execute();
    return result.affected === 1;
  }

  async insertEscalation(manager: EntityManager, values: EscalationValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(EscalationEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  findEscalation(id: string, manager?: EntityManager, lock = false): Promise<EscalationEntity | null> {
    const query = this.managerOf(manager).createQueryBuilder(EscalationEntity, 'e').where('e.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  async updateEscalation(manager: EntityManager, id: string, changes: Partial<EscalationEntity>): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(EscalationEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id', { id })
      .execute();
  }

  /** Records the overdue step reached; `version` stays, an overdue mark is not an edit anyone raced. */
  async markOverdue(
    manager: EntityManager,
    subject: 'dispatch' | 'escalation',
    id: string,
    level: number,
    at: Date,
  ): Promise<void> {
    const table = subject === 'dispatch' ? 'lead_dispatches' : 'lead_escalations';
    await manager.query(
      `UPDATE ${table} SET overdue_level = ?, overdue_at = COALESCE(overdue_at, ?) WHERE id = ? AND overdue_level < ?`,
      [level, at, id, level],
    );
  }

  /** A lead's dispatches, newest first, keyset on id (limit + 1 rows: the extra one tells a next page exists). */
  listDispatchesOfLead(leadId: string, beforeId: string | undefined, limit: number): Promise<DispatchEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(DispatchEntity, 'd')
      .where('d.leadId = :leadId', { leadId });
    if (beforeId) query.andWhere('d.id < :beforeId', { beforeId });
    return query
      .orderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  listEscalationsOfLead(leadId: string, beforeId: string | undefined, limit: number): Promise<EscalationEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(EscalationEntity, 'e')
      .where('e.leadId = :leadId', { leadId });
    if (beforeId) query.andWhere('e.id < :beforeId', { beforeId });
    return query
      .orderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /** Opens a conflict for a pair of leads unless one exists; returns its id when new. */
  async insertConflictIfNew(manager: EntityManager, values: ConflictValues): Promise<string | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ConflictEntity)
      .values({ ...values, version: 1 } as never)
      .orIgnore()
      .updateEntity(false)
      .execute();
    return Number(result.raw.affectedRows) === 1 ? String(result.raw.insertId) : null;
  }

  findConflict(id: string, manager?: EntityManager, lock = false): Promise<ConflictEntity | null> {
    const query = this.managerOf(manager).createQueryBuilder(ConflictEntity, 'c').where('c.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  async resolveConflict(manager: EntityManager, id: string, changes: Partial<ConflictEntity>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ConflictEntity)
      .set({ ...changes, status: 'resolved', version: () => 'version + 1' } as never)
      .where("id = :id AND status = 'open'", { id })
      .execute();
    return result.affected === 1;
  }

  openConflictsOfLead(manager: EntityManager, leadId: string): Promise<ConflictEntity[]> {
    return manager
      .createQueryBuilder(ConflictEntity, 'c')
      .where("c.status = 'open' AND (c.firstLeadId = :leadId OR c.secondLeadId = :leadId)", { leadId })
      .setLock('pessimistic_write')
      .getMany();
  }

  async updateConflictUnits(
    manager: EntityManager,
    id: string,
    first: UnitRef,
    second: UnitRef,
    arbiter: UnitRef,
  ): Promise<void> {
    await manager.query(
      `UPDATE lead_conflicts SET first_region_code = ?, first_city_code = ?, second_region_code = ?, second_city_code = ?,
              arbiter_region_code = ?, arbiter_city_code = ?, version = version + 1 WHERE id = ?`,
      [first.regionCode, first.cityCode, second.regionCode, second.cityCode, arbiter.regionCode, arbiter.cityCode, id],
    );
  }

  /** Of `leadIds`, those still in an open conflict. */
  async leadsInOpenConflicts(manager: EntityManager, leadIds: string[]): Promise<Set<string>> {
    const rows: Array<{ leadId: string }> = await manager.query(
      `SELECT first_lead_id AS leadId FROM lead_conflicts WHERE status = 'open' AND first_lead_id IN (?)
       UNION SELECT second_lead_id FROM lead_conflicts WHERE status = 'open' AND second_lead_id IN (?)`,
      [leadIds, leadIds],
    );
    return new Set(rows.map((row) => String(row.leadId)));
  }

  /** Conflicts where either party is inside `scope` (and, given `filter.leadId`, that lead is a party), newest first. */
  listConflicts(
    scope: JurisdictionScope,
    filter: ConflictFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<ConflictEntity[]> {
    const query = this.conflictsQuery(scope, filter);
    if (beforeId) query.andWhere('c.id < :beforeId', { beforeId });
    return query
      .orderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  countConflicts(scope: JurisdictionScope, filter: ConflictFilter): Promise<number> {
    return this.conflictsQuery(scope, filter).getCount();
  }

  private conflictsQuery(scope: JurisdictionScope, filter: ConflictFilter): SelectQueryBuilder<ConflictEntity> {
    const query = this.dataSource.manager.createQueryBuilder(ConflictEntity, 'c');
    if (scope.level === 'city') {
      query.andWhere('(c.firstCityCode = :city OR c.secondCityCode = :city)', { city: scope.cityCode });
    } else if (scope.level === 'county') {
      query.andWhere('(c.firstRegionCode = :unit OR c.secondRegionCode = :unit)', { unit: scope.regionCode });
    }
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.leadId) {
      query.andWhere('(c.firstLeadId = :leadId OR c.secondLeadId = :leadId)', { leadId: filter.leadId });
    }
    return query;
  }

  /** A unit's Chinese name for messages (the code itself if unknown). */
  async unitName(manager: EntityManager, regionCode: string): Promise<string> {
    const [row] = await manager.query('SELECT name FROM regions WHERE code = ? LIMIT 1', [regionCode]);
    return row ? String(row.name) : regionCode;
  }

  // Deadlines -------------------------------------------------------------------------------------------------

  /** Inserts deadline rows (an existing step is kept as it is) and returns those now scheduled. */
  async insertDeadlines(manager: EntityManager, rows: DeadlineValues[]): Promise<DeadlineEntity[]> {
    if (rows.length === 0) return [];
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeadlineEntity)
      .values(rows.map((row) => ({ ...row, status: 'scheduled' })) as never)
      .orIgnore()
      .updateEntity(false)
      .execute();
    const { subjectKind, subjectId } = rows[0];
    return manager.find(DeadlineEntity, { where: { subjectKind, subjectId, status: 'scheduled' } });
  }

  /** Cancels what is still scheduled for a subject; returns the ids, whose jobs can go. */
  async cancelDeadlines(manager: EntityManager, subjectKind: DeadlineSubject, subjectId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      "SELECT id FROM linkage_deadlines WHERE subject_kind = ? AND subject_id = ? AND status = 'scheduled' FOR UPDATE",
      [subjectKind, subjectId],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => String(row.id));
    await manager.query("UPDATE linkage_deadlines SET status = 'cancelled' WHERE id IN (?)", [ids]);
    return ids;
  }

  findDeadline(manager: EntityManager, id: string): Promise<DeadlineEntity | null> {
    return manager.findOne(DeadlineEntity, { where: { id } });
  }

  /** Takes the row a deadline is about for update: the dispatch, the escalation, or the lead (chamber feedback). */
  async lockSubject(
    manager: EntityManager,
    subjectKind: Exclude<DeadlineSubject, 'supervision_slip'>,
    subjectId: string,
  ): Promise<void> {
    const table = {
      dispatch: 'lead_dispatches',
      escalation: 'lead_escalations',
      chamber_feedback: 'leads',
      signing_claim: 'lead_claims',
    }[subjectKind];
    await manager.query(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [subjectId]);
  }

  findDeadlineForUpdate(manager: EntityManager, id: string): Promise<DeadlineEntity | null> {
    return manager
      .createQueryBuilder(DeadlineEntity, 'd')
      .where('d.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async finishDeadline(manager: EntityManager, id: string, status: 'fired' | 'cancelled'): Promise<void> {
    await manager.query('UPDATE linkage_deadlines SET status = ?, fired_at = ? WHERE id = ?', [
      status,
      status === 'fired' ? new Date() : null,
      id,
    ]);
  }

  /** Scheduled deadlines due before `until`, earliest first: what the reconciler checks. */
  scheduledBefore(until: Date, limit: number): Promise<DeadlineEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DeadlineEntity, 'd')
      .where("d.status = 'scheduled' AND d.fireAt <= :until", { until })
      .orderBy('d.fireAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  // Boards ----------------------------------------------------------------------------------------------------

  /** How many items a board holds in all (its badge), counted like `board()` reads them. */
  async boardCount(filter: BoardFilter): Promise<number> {
    const [dispatchWhere, dispatchParams] = boardCondition(filter, 'd');
    const [escalationWhere, escalationParams] = boardCondition(filter, 'e');
    const [row] = await this.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM lead_dispatches d WHERE ${dispatchWhere})
            + (SELECT COUNT(*) FROM lead_escalations e WHERE ${escalationWhere}) AS total`,
      [...dispatchParams, ...escalationParams],
    );
    return Number(row.total);
  }

  async board(filter: BoardFilter, after: BoardCursor | undefined, limit: number): Promise<BoardRow[]> {
    const [dispatchWhere, dispatchParams] = boardCondition(filter, 'd');
    const [escalationWhere, escalationParams] = boardCondition(filter, 'e');
    const params: unknown[] = [CONFIDENTIAL_NAME, ...dispatchParams, CONFIDENTIAL_NAME, ...escalationParams];
    let beyond = '';
    if (after) {
      const dueAt = new Date(after[0]);
      beyond = 'WHERE (t.due_at > ? OR (t.due_at = ? AND t.kind > ?) OR (t.due_at = ? AND t.kind = ? AND t.id > ?))';
      params.push(dueAt, dueAt, after[1], dueAt, after[1], after[2]);
    }
    params.push(limit + 1);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT t.* FROM (
         SELECT 'dispatch' AS kind, d.id, d.lead_id, IF(l.confidential, COALESCE(l.code_name, ?), l.title) AS lead_title,
                d.from_region_code, d.to_region_code, d.status, NULL AS need, d.note AS detail, d.due_at, d.overdue_level, d.created_at
           FROM lead_dispatches d JOIN leads l ON l.id = d.lead_id WHERE ${dispatchWhere}
         UNION ALL
         SELECT 'escalation', e.id, e.lead_id, IF(l.confidential, COALESCE(l.code_name, ?), l.title),
                e.from_region_code, e.to_region_code, e.status, e.need, e.detail, e.due_at, e.overdue_level, e.created_at
           FROM lead_escalations e JOIN leads l ON l.id = e.lead_id WHERE ${escalationWhere}
       ) t ${beyond}
       ORDER BY t.due_at ASC, t.kind ASC, t.id ASC LIMIT ?`,
      params,
    );
    return rows.map((row) => ({
      kind: row.kind as BoardRow['kind'],
      id: String(row.id),
      leadId: String(row.lead_id),
      leadTitle: String(row.lead_title),
      fromRegionCode: String(row.from_region_code),
      toRegionCode: String(row.to_region_code),
      status: String(row.status),
      need: (row.need as string | null) ?? null,
      detail: (row.detail as string | null) ?? null,
      dueAt: row.due_at as Date,
      overdueLevel: Number(row.overdue_level),
      createdAt: row.created_at as Date,
    }));
  }
}

/** The WHERE of one board over dispatches (d) or escalations (e), both shaped alike. */
function boardCondition(filter: BoardFilter, alias: 'd' | 'e'): [string, unknown[]] {
  switch (filter.board) {
    case 'inbox':
      return [`${alias}.to_region_code = ? AND ${alias}.status = 'pending'`, [filter.unit.regionCode]];
    case 'outbox':
      return [
        `${alias}.from_region_code = ? AND ${alias}.status ${filter.open ? '=' : '<>'} 'pending'`,
        [filter.unit.regionCode],
      ];
    case 'overdue': {
      const scope = filter.scope;
      const base = `${alias}.status = 'pending' AND ${alias}.overdue_level > 0`;
      if (scope.level === 'city') return [`${alias}.to_city_code = ? AND ${base}`, [scope.cityCode]];
      if (scope.level === 'county') return [`${alias}.to_region_code = ? AND ${base}`, [scope.regionCode]];
      return [base, []];
    }
  }
}
