import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import { currentVersionOf } from '../../core/database/current-version';
import type { CompanyFlag, Ownership } from '../../shared/company.constants';
import type { LeadSort } from './dto/lead.dto';
import type { LeadRow } from './dto/lead.mapper';
import type { LeadAccess, VisitOwnership } from './lead-access';
import {
  TIMELINE_KINDS,
  type InvestmentSource,
  type LeadCategory,
  type SourceKind,
  type TimelineKind,
} from '../../shared/lead.constants';
import { LeadCategoryEntity, LeadEntity } from './lead.entity';
import {
  LeadFundEntity,
  LeadLinkageEventEntity,
  LeadNoteEntity,
  LeadParticipantEntity,
  ParticipantRole,
  StageEventEntity,
} from './lead-records.entity';
import { CLOSED_STAGES } from '../../shared/lead-stages';
import type { Stage } from '../../shared/lead-stages';
import { escapeLike } from '../../core/database/escape-like';
import { investmentCondition } from '../stall-rules/stall-judge';
import type { HealthWindow, StallWindow } from '../stall-rules/stall-judge';
import { latinQuery, SEARCH_RANK, type SearchRank } from '../../core/common/search-rank';

/** A lead a search found, as its row reads; LeadReader masks it for the caller. */
export interface LeadSearchRow {
  id: string;
  title: string;
  codeName: string | null;
  confidential: boolean;
  regionCode: string;
  cityCode: string | null;
  stage: Stage;
  companyName: string | null;
  rank: SearchRank;
}

export interface LeadFilter {
  stages?: Stage[];
  clusterCode?: string;
  /** A unit whose leads (its own and below) to show, already resolved. */
  unit?: JurisdictionScope;
  ownerUserId?: string;
  sourceKind?: SourceKind;
  chamberId?: string;
  ownership?: Ownership;
  flag?: CompanyFlag;
  category?: LeadCategory;
  minInvestment?: number;
  maxInvestment?: number;
  staleSince?: Date;
  /** Stalled leads: per stage and tier, the window of last activity that puts them at the level asked for. */
  health?: HealthWindow[];
  q?: string;
}

export type LeadCursor = [string | null, string];
export type LeadValues = Omit<LeadRow, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'companyName' | 'company'>;
export type LeadChanges = Partial<Omit<LeadValues, 'companyId' | 'createdBy'>>;

/** Another open lead for the company or one like it, as conflict detection needs it. */
export interface CompetingLead {
  id: string;
  companyId: string;
  regionCode: string;
  cityCode: string | null;
  createdAt: Date;
}

/** A stage event to write; an entry that is part of a claim (甄别确认) names it, the others leave both out. */
export type StageEventValues = Omit<StageEventEntity, 'id' | 'createdAt' | 'lead' | 'claimId' | 'confirmation'> &
  Partial<Pick<StageEventEntity, 'claimId' | 'confirmation'>>;

export type LinkageEventValues = Pick<LeadLinkageEventEntity, 'leadId' | 'kind' | 'userId' | 'data'> & { at?: Date };

/** Leads whose fit one statement stores. */
const FIT_BATCH = 100;

/** Beyond this many leads shared with one jurisdiction, list queries read the participants in a subquery. */
const SHARED_IDS_CAP = 1000;

/** How many of the most recently updated leads in reach the header search looks through (docs/api.md "Search"). */
export const SEARCH_WINDOW = 20_000;

export type LeadLabelRow = Pick<LeadRow, 'id' | 'title' | 'confidential' | 'codeName' | 'regionCode' | 'cityCode'>;

export interface TimelineRow {
  kind: TimelineKind;
  id: string;
  at: Date;
  userId: string | null;
  userName: string | null;
  data: Record<string, unknown>;
}

/** One SELECT per timeline kind, each with one `lead_id = ?` parameter; `timeline()` unions the kinds asked for. */
const TIMELINE_SELECTS: Record<TimelineKind, string> = {
  stage: `SELECT 'stage' AS kind, id, at, user_id, JSON_OBJECT('fromStage', from_stage, 'toStage', to_stage, 'note', note, 'reason', reason) AS data
    FROM stage_events WHERE lead_id = ?`,
  note: `SELECT 'note' AS kind, id, created_at AS at, user_id, JSON_OBJECT('body', body) AS data FROM lead_notes WHERE lead_id = ?`,
  funds: `SELECT 'funds' AS kind, id, received_at AS at, user_id, JSON_OBJECT('amount', amount, 'note', note) AS data
    FROM lead_funds WHERE lead_id = ?`,
  visit: `SELECT 'visit' AS kind, id, visited_at AS at, created_by AS user_id, JSON_OBJECT('teamId', team_id, 'status', status, 'kind', kind, 'summary', summary) AS data
    FROM visits WHERE lead_id = ? AND status <> 'cancelled'`,
  linkage: `SELECT 'linkage' AS kind, id, at, user_id, JSON_MERGE_PATCH(JSON_OBJECT('event', kind), data) AS data
    FROM lead_linkage_events WHERE lead_id = ?`,
};

/** How each sort orders, and the value of a row its cursor carries. Nulls always come last. */
const SORTS: Record<
  LeadSort,
  { column: string; property: keyof LeadRow; direction: 'ASC' | 'DESC'; nullable: boolean }
> = {
  updatedAt: { column: 'lead.updated_at', property: 'updatedAt', direction: 'DESC', nullable: false },
  expectedInvestment: {
    column: 'lead.expected_investment',
    property: 'expectedInvestment',
    direction: 'DESC',
    nullable: true,
  },
  nextFollowUpAt: { column: 'lead.next_follow_up_at', property: 'nextFollowUpAt', direction: 'ASC', nullable: true },
};

/** Leads, always read through the caller's access (jurisdiction, and for residents their own). */
/** A month's 完成投资 as it is stored. */
export interface InvestmentRow {
  id: string;
  month: number;
  amount: string;
  source: InvestmentSource;
  note: string | null;
  version: number;
}

export interface NamedInvestmentRow extends InvestmentRow {
  userId: string | null;
  userName: string | null;
  updatedAt: Date;
}

/** A lead the stall watch may warn about: what the warning names and where it goes. */
export interface StalledLead {
  id: string;
  title: string;
  confidential: number;
  codeName: string | null;
  stage: string;
  regionCode: string;
  cityCode: string | null;
  ownerUserId: string | null;
  companyId: string;
  expectedInvestment: string | null;
  lastActivityAt: Date;
  stallEpisodeAt: Date | null;
  stallLevel: number;
}

@Injectable()
export class LeadsRepository {
  constructor(@InjectRepository(LeadEntity) private readonly leads: Repository<LeadEntity>) {}

  /** `manager`: where to read (a replica's, from onReplica); the primary by default. */
  async listForAccess(
    access: LeadAccess,
    filter: LeadFilter,
    sort: LeadSort,
    after: LeadCursor | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<LeadRow[]> {
    const { column, direction, nullable } = SORTS[sort];
    const query = this.filtered(access, filter, await this.sharedLeadIds(access, manager), manager);
    if (after) {
      const [value, id] = after;
      const beyond = direction === 'DESC' ? '<' : '>';
      // Keyset in the expanded form (docs/architecture.md "Known traps"); nulls sort last, so a null cursor value pages within the nulls.
      query.andWhere(
        value === null
          ? `(${column} IS NULL AND lead.id ${beyond} :afterId)`
          : `(${column} ${beyond} :afterValue OR (${column} = :afterValue AND lead.id ${beyond} :afterId) OR ${column} IS NULL)`,
        { afterValue: sort === 'expectedInvestment' ? value : value === null ? null : new Date(value), afterId: id },
      );
    }
    // Nulls last needs an expression, which no index serves; the default sort's column is NOT NULL and keeps its index.
    if (nullable) query.orderBy(`ISNULL(${column})`, 'ASC').addOrderBy(column, direction);
    else query.orderBy(column, direction);
    query.addOrderBy('lead.id', direction).limit(limit + 1);
    return (await query.getMany()).map(withCompanyName);
  }

  async countForAccess(access: LeadAccess, filter: LeadFilter, manager?: EntityManager): Promise<number> {
    return this.filtered(access, filter, await this.sharedLeadIds(access, manager), manager).getCount();
  }

  cursorOf(row: LeadRow, sort: LeadSort): LeadCursor {
    const value = row[SORTS[sort].property] as Date | string | null;
    return [value instanceof Date ? value.toISOString() : value, String(row.id)];
  }

  /** The lead if the caller may see it; null otherwise, so callers answer 404 either way. */
  async findForAccess(access: LeadAccess, id: string, manager?: EntityManager): Promise<LeadRow | null> {
    const query = this.base(manager).andWhere('lead.id = :id', { id });
    this.applyAccess(query, access);
    const row = await query.getOne();
    return row ? withCompanyName(row) : null;
  }

  /** What naming a lead needs (its title, whether it is confidential, its code name and unit), for many at once. */
  async labelRows(ids: string[]): Promise<LeadLabelRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.leads
      .createQueryBuilder('lead')
      .select(['lead.id', 'lead.title', 'lead.confidential', 'lead.codeName', 'lead.regionCode', 'lead.cityCode'])
      .where('lead.id IN (:...ids)', { ids })
      .getMany();
    return rows.map((row) => ({ ...row, id: String(row.id) }));
  }

  /** `lock`: takes the lead row for update (only inside a transaction). */
  async findById(id: string, manager?: EntityManager, lock = false): Promise<LeadRow | null> {
    if (lock && manager) await manager.query('SELECT id FROM leads WHERE id = ? FOR UPDATE', [id]);
    const row = await this.base(manager).andWhere('lead.id = :id', { id }).getOne();
    return row ? withCompanyName(row) : null;
  }

  /** The lead an import row would update: same company and title in the same holding unit. */
  async findSameProject(
    manager: EntityManager,
    companyId: string,
    title: string,
    regionCode: string,
  ): Promise<LeadRow | null> {
    const row = await this.base(manager)
      .andWhere('lead.companyId = :companyId AND lead.title = :title AND lead.regionCode = :regionCode', {
        companyId,
        title,
        regionCode,
      })
      .getOne();
    return row ? withCompanyName(row) : null;
  }

  async insert(manager: EntityManager, values: LeadValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LeadEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    const id = String(result.raw.insertId);
    await this.replaceCategories(manager, id, values.categories);
    return id;
  }

  /** Optimistic update: applies only if the row still has `version` (docs/architecture.md "Known traps": save() is not a lock). */
  async updateIfVersion(manager: EntityManager, id: string, version: number, changes: LeadChanges): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(LeadEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (result.affected !== 1) return false;
    if (changes.categories) await this.replaceCategories(manager, id, changes.categories);
    return true;
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.leads, id, manager);
  }

  /**
   * Where a claim's stage entries stand (甄别确认): confirmed, its claimed entries count; returned, every entry of
   * the move it came with never happened (the stages it skipped through as well). Analytics counts accordingly.
   */
  async setClaimConfirmation(
    manager: EntityManager,
    leadId: string,
    claimId: string,
    confirmation: 'confirmed' | 'returned',
  ): Promise<void> {
    if (confirmation === 'confirmed')
      await manager.query(
        "UPDATE stage_events SET confirmation = 'confirmed' WHERE lead_id = ? AND claim_id = ? AND confirmation = 'pending'",
        [leadId, claimId],
      );
    else
      await manager.query("UPDATE stage_events SET confirmation = 'returned' WHERE lead_id = ? AND claim_id = ?", [
        leadId,
        claimId,
      ]);
  }

  /** The lead's pending dispatch and claim under its row lock: a claim and a dispatch never wait at once. */
  async lockPending(
    manager: EntityManager,
    leadId: string,
  ): Promise<{ pendingDispatchId: string | null; pendingClaimId: string | null } | null> {
    const [row] = await manager.query(
      'SELECT pending_dispatch_id AS pendingDispatchId, pending_claim_id AS pendingClaimId FROM leads WHERE id = ? FOR UPDATE',
      [leadId],
    );
    if (!row) return null;
    const id = (value: unknown) => (value === null || value === undefined ? null : String(value));
    return { pendingDispatchId: id(row.pendingDispatchId), pendingClaimId: id(row.pendingClaimId) };
  }

  async insertStageEvents(manager: EntityManager, events: StageEventValues[]): Promise<void> {
    if (events.length > 0)
      await manager.createQueryBuilder().insert().into(StageEventEntity).values(events).updateEntity(false).execute();
  }

  async insertNote(manager: EntityManager, note: Pick<LeadNoteEntity, 'leadId' | 'body' | 'userId'>): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LeadNoteEntity)
      .values(note)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  /**
   * Adds received funds to the lead's total in one statement, so concurrent receipts add up, and records them. The
   * lead's row is locked first: receipts for one lead then queue behind each other instead of each holding a new
   * funds row the other's analytics read must wait for (a deadlock).
   */
  async insertFunds(
    manager: EntityManager,
    funds: Pick<LeadFundEntity, 'leadId' | 'amount' | 'receivedAt' | 'note' | 'userId'>,
  ): Promise<string> {
    // Plain SQL: TypeORM's update builder would also bump the version, and funds are not an edit of the lead.
    await manager.query(
      'UPDATE leads SET funds_received_total = funds_received_total + ?, last_activity_at = ? WHERE id = ?',
      [funds.amount, new Date(), funds.leadId],
    );
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LeadFundEntity)
      .values(funds)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  /**
   * The month's 完成投资 of a lead, for a change; the caller holds the lead's row lock (as for funds, so changes to
   * one lead's figures queue behind each other). Read without a lock of its own: its snapshot starts after the
   * lead's lock, so it is current, and a locking read of a month not yet recorded would gap-lock the index, so two
   * leads recording their first month at once would deadlock on their inserts.
   */
  async investmentOf(manager: EntityManager, leadId: string, month: number): Promise<InvestmentRow | undefined> {
    const [row] = await manager.query(
      'SELECT id, month, amount, source, note, version FROM lead_investments WHERE lead_id = ? AND month = ?',
      [leadId, month],
    );
    return row ? { ...row, id: String(row.id) } : undefined;
  }

  /** Writes a month's figure (new or corrected) and moves the lead's total by the difference. */
  async saveInvestment(
    manager: EntityManager,
    leadId: string,
    existing: InvestmentRow | undefined,
    values: { month: number; amount: string; source: InvestmentSource; note: string | null; userId: string | null },
  ): Promise<{ id: string; version: number }> {
    const delta = Number(values.amount) - (existing ? Number(existing.amount) : 0);
    await manager.query(
      `UPDATE leads SET investment_completed_total = investment_completed_total + ?,
              investment_by_month = JSON_SET(COALESCE(investment_by_month, JSON_OBJECT()), CONCAT('$."', ?, '"'), ?),
              last_activity_at = ?
        WHERE id = ?`,
      [delta.toFixed(4), String(values.month), values.amount, new Date(), leadId],
    );
    if (existing) {
      await manager.query(
        'UPDATE lead_investments SET amount = ?, source = ?, note = ?, user_id = ?, version = version + 1 WHERE id = ?',
        [values.amount, values.source, values.note, values.userId, existing.id],
      );
      return { id: existing.id, version: existing.version + 1 };
    }
    const result = await manager.query(
      'INSERT INTO lead_investments (lead_id, month, amount, source, note, user_id, version) VALUES (?, ?, ?, ?, ?, ?, 1)',
      [leadId, values.month, values.amount, values.source, values.note, values.userId],
    );
    return { id: String(result.insertId), version: 1 };
  }

  async deleteInvestment(manager: EntityManager, leadId: string, existing: InvestmentRow): Promise<void> {
    await manager.query(
      `UPDATE leads SET investment_completed_total = investment_completed_total - ?,
              investment_by_month = JSON_REMOVE(investment_by_month, CONCAT('$."', ?, '"'))
        WHERE id = ?`,
      [existing.amount, String(existing.month), leadId],
    );
    await manager.query('DELETE FROM lead_investments WHERE id = ?', [existing.id]);
  }

  /** A lead's 完成投资, newest month first, with who recorded each; `beforeMonth` is the cursor. */
  investments(leadId: string, beforeMonth: number | undefined, limit: number): Promise<NamedInvestmentRow[]> {
    return this.leads.manager.query(
      `SELECT i.id, i.month, i.amount, i.source, i.note, i.version, i.user_id AS userId, u.display_name AS userName,
              i.updated_at AS updatedAt
         FROM lead_investments i LEFT JOIN users u ON u.id = i.user_id
        WHERE i.lead_id = ?${beforeMonth === undefined ? '' : ' AND i.month < ?'}
        ORDER BY i.month DESC LIMIT ?`,
      beforeMonth === undefined ? [leadId, limit] : [leadId, beforeMonth, limit],
    );
  }

  /**
   * Claims a stall episode's level first, so a second watcher finds it done and skips. updated_at stays: no one
   * edited the lead.
   */
  /**
   * Leads of one stall rule's stage and tier inactive since before its yellow instant whose current stall episode
   * has not been acted on up to its level (red before the red instant, released before the drop instant), the
   * longest stalled first. For the stall watch: no scope.
   */
  async stalledCandidates(window: StallWindow, limit: number): Promise<StalledLead[]> {
    const tier = investmentCondition('lead.expected_investment', window.investment, 'tier');
    const query = this.leads
      .createQueryBuilder('lead')
      .select([
        'lead.id AS id',
        'lead.title AS title',
        'lead.confidential AS confidential',
        'lead.code_name AS codeName',
        'lead.stage AS stage',
        'lead.region_code AS regionCode',
        'lead.city_code AS cityCode',
        'lead.owner_user_id AS ownerUserId',
        'lead.company_id AS companyId',
        'lead.expected_investment AS expectedInvestment',
        'lead.last_activity_at AS lastActivityAt',
        'lead.stall_episode_at AS stallEpisodeAt',
        'lead.stall_level AS stallLevel',
      ])
      .where('lead.stage = :stage AND lead.last_activity_at < :yellowBefore AND lead.merged_into_lead_id IS NULL', {
        stage: window.stage,
        yellowBefore: window.yellowBefore,
      })
      .andWhere(tier.sql, tier.params)
      .andWhere(
        new Brackets((due) => {
          due
            .where('lead.stall_episode_at IS NULL OR lead.stall_episode_at <> lead.last_activity_at')
            .orWhere('(lead.stall_level < 2 AND lead.last_activity_at < :redBefore)', { redBefore: window.redBefore });
          if (window.dropBefore)
            due.orWhere(
              '(lead.stall_level < 3 AND lead.owner_user_id IS NOT NULL AND lead.last_activity_at < :dropBefore)',
              {
                dropBefore: window.dropBefore,
              },
            );
        }),
      )
      .orderBy('lead.last_activity_at')
      .limit(limit);
    const rows: Array<StalledLead & { stallLevel: number | string }> = await query.getRawMany();
    return rows.map((row) => ({ ...row, id: String(row.id), stallLevel: Number(row.stallLevel) }));
  }

  /**
   * Who holds a visit, to check a lead's source visit is the creator's to cite. Read through `manager`: a visit
   * opening a lead is inserted in the same transaction (and the visits module depends on leads, so it offers no
   * read service this module could use).
   */
  async visitOwnership(visitId: string, manager?: EntityManager): Promise<VisitOwnership | null> {
    const [visit]: VisitOwnership[] = await (manager ?? this.leads.manager).query(
      'SELECT region_code AS regionCode, city_code AS cityCode, created_by AS createdBy, team_id AS teamId FROM visits WHERE id = ?',
      [visitId],
    );
    return visit ?? null;
  }

  async claimStallLevel(manager: EntityManager, leadId: string, lastActivityAt: Date, level: number): Promise<boolean> {
    const claimed = await manager.query(
      `UPDATE leads SET stall_episode_at = last_activity_at, stall_level = ?, updated_at = updated_at
        WHERE id = ? AND last_activity_at = ? AND (stall_episode_at IS NULL OR stall_episode_at <> last_activity_at OR stall_level < ?)`,
      [level, leadId, lastActivityAt, level],
    );
    return Number(claimed.affectedRows) === 1;
  }

  /** Clears the owner of a lead still idle since `lastActivityAt` and held by `ownerUserId`: an edit (version + 1). */
  async releaseStalledOwner(
    manager: EntityManager,
    leadId: string,
    lastActivityAt: Date,
    ownerUserId: string,
  ): Promise<boolean> {
    const released = await manager.query(
      `UPDATE leads SET owner_user_id = NULL, stall_episode_at = last_activity_at, stall_level = 3, version = version + 1
        WHERE id = ? AND last_activity_at = ? AND owner_user_id = ?`,
      [leadId, lastActivityAt, ownerUserId],
    );
    return Number(released.affectedRows) === 1;
  }

  /** The lead's best park fit (derived: no version bump, no updated_at). */
  async setFit(manager: EntityManager, leadId: string, fit: { score: number | null; summary: string }): Promise<void> {
    await manager.query('UPDATE leads SET fit_score = ?, fit_summary = ?, updated_at = updated_at WHERE id = ?', [
      fit.score,
      fit.summary,
      leadId,
    ]);
  }

  /**
   * Stores leads' fit, a hundred at a time, each only if the lead is still at the version that was scored: a lead
   * changed meanwhile got a fresher score from its own change. Derived data: no version bump, no updated_at.
   */
  async setFits(fits: Array<{ id: string; version: number; score: number | null; summary: string }>): Promise<void> {
    for (let start = 0; start < fits.length; start += FIT_BATCH) {
      const batch = fits.slice(start, start + FIT_BATCH);
      const cases = batch.map(() => 'WHEN ? THEN ?').join(' ');
      await this.leads.query(
        `UPDATE leads SET fit_score = CASE id ${cases} END, fit_summary = CASE id ${cases} END, updated_at = updated_at
          WHERE (id, version) IN (${batch.map(() => '(?, ?)').join(', ')})`,
        [
          ...batch.flatMap((fit) => [fit.id, fit.score]),
          ...batch.flatMap((fit) => [fit.id, fit.summary]),
          ...batch.flatMap((fit) => [fit.id, fit.version]),
        ],
      );
    }
  }

  /** Marks activity without changing the version: notes and funds are records of their own. */
  async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [new Date(), id]);
  }

  /**
   * Stage events, notes, funds, visits and linkage events of one lead (or only the kinds asked for), newest first,
   * each with its author's display name; keyset on (at, kind, id).
   */
  async timeline(
    leadId: string,
    after: [string, string, string] | undefined,
    limit: number,
    kinds: readonly TimelineKind[] = TIMELINE_KINDS,
  ): Promise<TimelineRow[]> {
    const params: unknown[] = kinds.map(() => leadId);
    let beyond = '';
    if (after) {
      const at = new Date(after[0]);
      beyond = 'WHERE (t.at < ? OR (t.at = ? AND t.kind < ?) OR (t.at = ? AND t.kind = ? AND t.id < ?))';
      params.push(at, at, after[1], at, after[1], after[2]);
    }
    params.push(limit + 1);
    const rows: Array<{
      kind: TimelineKind;
      id: string;
      at: Date;
      userId: string | null;
      userName: string | null;
      data: string | object;
    }> = await this.leads.query(
      `SELECT t.kind, t.id, t.at, t.user_id AS userId, author.display_name AS userName, t.data FROM (
         ${kinds.map((kind) => TIMELINE_SELECTS[kind]).join('\n         UNION ALL\n         ')}
       ) t LEFT JOIN users author ON author.id = t.user_id ${beyond}
       ORDER BY t.at DESC, t.kind DESC, t.id DESC LIMIT ?`,
      params,
    );
    return rows.map((row) => ({
      kind: row.kind,
      id: String(row.id),
      at: row.at,
      userId: row.userId === null ? null : String(row.userId),
      userName: row.userName,
      data: typeof row.data === 'string' ? JSON.parse(row.data) : (row.data as Record<string, unknown>),
    }));
  }

  /** The leads a chamber introduced that the caller may see, with counts per stage over all of them. */
  async forChamber(
    access: LeadAccess,
    chamberId: string,
  ): Promise<{ leads: LeadRow[]; stageCounts: Record<string, number>; feedbackOverdue: number }> {
    const shared = await this.sharedLeadIds(access);
    const leads = await this.filtered(access, { chamberId }, shared).orderBy('lead.id', 'DESC').limit(200).getMany();
    const counts = await this.applyAccess(this.leads.createQueryBuilder('lead'), access, shared)
      .select('lead.stage', 'stage')
      .addSelect('COUNT(*)', 'count')
      .addSelect(
        'SUM(CASE WHEN lead.chamber_feedback_given_at IS NULL AND lead.chamber_feedback_due_at < :now THEN 1 ELSE 0 END)',
        'overdue',
      )
      .andWhere('lead.sourceChamberId = :chamberId', { chamberId, now: new Date() })
      .groupBy('lead.stage')
      .getRawMany<{ stage: string; count: string; overdue: string }>();
    return {
      leads: leads.map(withCompanyName),
      stageCounts: Object.fromEntries(counts.map((row) => [row.stage, Number(row.count)])),
      feedbackOverdue: counts.reduce((total, row) => total + Number(row.overdue), 0),
    };
  }

  async chamberExists(chamberId: string): Promise<boolean> {
    const [row] = await this.leads.query('SELECT 1 AS found FROM chambers WHERE id = ? LIMIT 1', [chamberId]);
    return Boolean(row);
  }

  async parkName(parkId: string): Promise<string | null> {
    const [row] = await this.leads.query('SELECT name FROM parks WHERE id = ? LIMIT 1', [parkId]);
    return row ? (row.name as string) : null;
  }

  private base(manager?: EntityManager): SelectQueryBuilder<LeadEntity> {
    // A LEFT JOIN although every lead has its company (a NOT NULL foreign key): with an inner join MariaDB may read
    // the companies first and sort every lead of a page of 50 (about 0.5 s at a million leads); a left join keeps
    // the leads first, read in the order of the sort's index and stopping after the page.
    return (
      (manager ? manager.getRepository(LeadEntity) : this.leads)
        .createQueryBuilder('lead')
        .leftJoin('lead.company', 'company')
        .addSelect(['company.id', 'company.name'])
        // The owner's display name beside ownerUserId (docs/api.md "Lists"): a primary-key join per lead.
        .leftJoin('lead.owner', 'owner')
        .addSelect(['owner.id', 'owner.displayName'])
    );
  }

  /**
   * The leads shared with units inside the caller's jurisdiction (collaborator, upward sender, pending receiver),
   * read first so list queries filter on their ids and keep the jurisdiction indexes: an OR with a subquery would
   * make MariaDB walk the whole table. Few leads are shared with any one unit; beyond the cap the subquery is used.
   */
  private async sharedLeadIds(access: LeadAccess, manager?: EntityManager): Promise<string[] | undefined> {
    const participant = participantCondition(access.scope);
    if (access.resident || !participant) return [];
    const rows = await (manager ?? this.leads.manager)
      .createQueryBuilder(LeadParticipantEntity, 'p')
      .select('DISTINCT p.lead_id', 'leadId')
      .where(participant.sql, participant.parameters)
      .limit(SHARED_IDS_CAP + 1)
      .getRawMany<{ leadId: string }>();
    return rows.length > SHARED_IDS_CAP ? undefined : rows.map((row) => String(row.leadId));
  }

  /**
   * Limits a query to what `access` reaches: leads held inside the jurisdiction, or shared with a unit inside it.
   * `sharedIds` from sharedLeadIds when known; undefined reads the participants in a subquery (fine for one lead).
   */
  private applyAccess<Q extends SelectQueryBuilder<LeadEntity>>(query: Q, access: LeadAccess, sharedIds?: string[]): Q {
    const participant = participantCondition(access.scope);
    if (access.resident || !participant || sharedIds?.length === 0) access.scope.applyTo(query, 'lead');
    else {
      query.andWhere(
        new Brackets((held) => {
          access.scope.applyTo(held, 'lead');
          if (sharedIds) held.orWhere('lead.id IN (:...sharedLeadIds)', { sharedLeadIds: sharedIds });
          else
            held.orWhere(
              `lead.id IN (SELECT p.lead_id FROM lead_participants p WHERE ${participant.sql})`,
              participant.parameters,
            );
        }),
      );
    }
    if (access.resident) {
      query.andWhere(
        '(lead.createdBy = :residentId OR lead.id IN (SELECT v.lead_id FROM visits v WHERE v.team_id = :residentTeamId AND v.lead_id IS NOT NULL))',
        { residentId: access.resident.userId, residentTeamId: access.resident.teamId ?? '0' },
      );
    }
    return query;
  }

  /**
   * The header search (GET /search): of the SEARCH_WINDOW most recently updated leads `access` may list (and all those
   * shared with the caller's unit), those whose title, company name, company pinyin or
   * initials, or code name match `q`, best rank first, then newest. A confidential lead outside the caller's chain
   * (reached because it is shared with their unit) matches by its code name only. One statement: the leads held
   * inside the jurisdiction, and those shared with it, in two branches of a UNION so each keeps its index.
   */
  async search(access: LeadAccess, q: string, limit: number, manager?: EntityManager): Promise<LeadSearchRow[]> {
    const latin = latinQuery(q);
    const chain = chainCondition(access.scope);
    const named = chain ? `(lead.confidential = 0 OR ${chain.sql})` : '1 = 1';
    const pinyin = latin ? 'company.name_pinyin LIKE :searchLatin OR company.name_initials LIKE :searchLatin' : '';
    const rank = `CASE
      WHEN lead.code_name = :search OR (${named} AND (lead.title = :search OR company.name = :search)) THEN ${SEARCH_RANK.exact}
      WHEN lead.code_name LIKE :searchPrefix OR (${named} AND (lead.title LIKE :searchPrefix OR company.name LIKE :searchPrefix)) THEN ${SEARCH_RANK.prefix}
      ${latin ? `WHEN ${named} AND (${pinyin}) THEN ${SEARCH_RANK.pinyin}` : ''}
      ELSE ${SEARCH_RANK.contains} END`;
    const params = {
      ...(chain?.parameters ?? {}),
      search: q,
      searchPrefix: `${escapeLike(q)}%`,
      searchContains: `%${escapeLike(q)}%`,
      searchLatin: latin ? `${escapeLike(latin)}%` : '',
    };
    const branch = (sharedOnly: boolean) => {
      const query = (manager ? manager.getRepository(LeadEntity) : this.leads)
        .createQueryBuilder('lead')
        .leftJoin('lead.company', 'company')
        .select([
          'lead.id AS id',
          'lead.title AS title',
          'lead.code_name AS codeName',
          'lead.confidential AS confidential',
          'lead.region_code AS regionCode',
          'lead.city_code AS cityCode',
          'lead.stage AS stage',
          'company.name AS companyName',
          `${rank} AS score`,
        ]);
      const participant = participantCondition(access.scope);
      if (sharedOnly && participant)
        query.where(
          `lead.id IN (SELECT p.lead_id FROM lead_participants p WHERE ${participant.sql})`,
          participant.parameters,
        );
      else {
        // Only the SEARCH_WINDOW most recently updated leads in reach are searched (one range of the jurisdiction's
        // updated-at index): a contains match cannot use an index, and every lead would be a full scan per keystroke.
        query.innerJoin(
          (recent) =>
            this.applyAccess(recent.select('lead.id', 'id').from(LeadEntity, 'lead'), access, [])
              .orderBy('lead.updatedAt', 'DESC')
              .limit(SEARCH_WINDOW),
          'recent',
          'recent.id = lead.id',
        );
      }
      return query
        .andWhere(
          `(lead.code_name LIKE :searchContains OR (${named} AND (lead.title LIKE :searchContains OR company.name LIKE :searchContains${pinyin ? ` OR ${pinyin}` : ''})))`,
        )
        .setParameters(params)
        .orderBy('score', 'ASC')
        .addOrderBy('lead.id', 'DESC')
        .limit(limit);
    };
    const branches = [branch(false)];
    // Residents reach only their own and their team's leads, and the region sees every lead: no shared branch.
    if (!access.resident && participantCondition(access.scope)) branches.push(branch(true));
    const rows = await (manager ?? this.leads.manager)
      .createQueryBuilder()
      .select('hit.*')
      .from(`(${branches.map((part) => `(${part.getQuery()})`).join(' UNION ')})`, 'hit')
      .setParameters(Object.assign({}, ...branches.map((part) => part.getParameters())))
      .orderBy('hit.score', 'ASC')
      .addOrderBy('hit.id', 'DESC')
      .limit(limit)
      .getRawMany<Omit<LeadSearchRow, 'rank' | 'confidential'> & { score: string; confidential: number | string }>();
    return rows.map(({ score, ...row }) => ({
      ...row,
      id: String(row.id),
      confidential: Number(row.confidential) === 1,
      rank: Number(score) as SearchRank,
    }));
  }

  /** Open leads `access` reaches, by cluster, segment or unit; the most recently updated first. */
  async openForMatching(
    access: LeadAccess,
    filter: { clusterCodes?: string[]; segmentCodes?: string[]; unit?: JurisdictionScope },
    limit: number,
  ): Promise<LeadRow[]> {
    const query = this.filtered(access, { unit: filter.unit }, await this.sharedLeadIds(access)).andWhere(
      'lead.stage NOT IN (:...closedStages) AND lead.mergedIntoLeadId IS NULL',
      { closedStages: CLOSED_STAGES },
    );
    if (filter.clusterCodes)
      query.andWhere('lead.clusterCode IN (:...matchClusters)', { matchClusters: filter.clusterCodes });
    if (filter.segmentCodes)
      query.andWhere('lead.segmentCode IN (:...matchSegments)', { matchSegments: filter.segmentCodes });
    return (await query.orderBy('lead.updatedAt', 'DESC').addOrderBy('lead.id', 'DESC').limit(limit).getMany()).map(
      withCompanyName,
    );
  }

  /** The roles units inside `scope` have on a lead besides holding it. */
  async participantRoles(scope: JurisdictionScope, leadId: string): Promise<ParticipantRole[]> {
    const participant = participantCondition(scope);
    const query = this.leads.manager
      .createQueryBuilder(LeadParticipantEntity, 'p')
      .select('DISTINCT p.role', 'role')
      .where('p.leadId = :leadId', { leadId });
    if (participant) query.andWhere(participant.sql, participant.parameters);
    return (await query.getRawMany<{ role: ParticipantRole }>()).map((row) => row.role);
  }

  /** Of `leadIds`, those shared with a unit inside `scope`. */
  async sharedWith(scope: JurisdictionScope, leadIds: string[], manager?: EntityManager): Promise<Set<string>> {
    const participant = participantCondition(scope);
    if (leadIds.length === 0) return new Set();
    const query = (manager ?? this.leads.manager)
      .createQueryBuilder(LeadParticipantEntity, 'p')
      .select('DISTINCT p.lead_id', 'leadId')
      .where('p.leadId IN (:...leadIds)', { leadIds });
    if (participant) query.andWhere(participant.sql, participant.parameters);
    return new Set((await query.getRawMany<{ leadId: string }>()).map((row) => String(row.leadId)));
  }

  listParticipants(leadId: string, role: ParticipantRole, manager?: EntityManager): Promise<LeadParticipantEntity[]> {
    return (manager ?? this.leads.manager).find(LeadParticipantEntity, {
      where: { leadId, role },
      order: { createdAt: 'ASC', regionCode: 'ASC' },
    });
  }

  /** Adds a unit's role on a lead; adding it again only updates the note. Returns whether it is new. */
  async addParticipant(
    manager: EntityManager,
    values: Pick<LeadParticipantEntity, 'leadId' | 'regionCode' | 'cityCode' | 'role' | 'note' | 'addedBy'>,
  ): Promise<boolean> {
    const result = await manager.query(
      `INSERT INTO lead_participants (lead_id, region_code, city_code, role, note, added_by) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE note = VALUES(note)`,
      [values.leadId, values.regionCode, values.cityCode, values.role, values.note, values.addedBy],
    );
    // MariaDB counts 1 for an insert, 2 for an update that changed the row, 0 when nothing changed.
    return Number(result.affectedRows) === 1;
  }

  async removeParticipant(
    manager: EntityManager,
    leadId: string,
    regionCode: string,
    role: ParticipantRole,
  ): Promise<boolean> {
    const result = await manager.delete(LeadParticipantEntity, { leadId, regionCode, role });
    return (result.affected ?? 0) > 0;
  }

  async insertLinkageEvent(manager: EntityManager, event: LinkageEventValues): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(LeadLinkageEventEntity)
      .values({ ...event, at: event.at ?? new Date() } as never)
      .updateEntity(false)
      .execute();
  }

  /**
   * Marks a lead pending acceptance of `dispatchId`, only if no other dispatch is pending (one at a time) and no
   * claim waits for confirmation (the unit above rules on the holder's claim before the lead can move).
   */
  async claimPendingDispatch(manager: EntityManager, leadId: string, dispatchId: string): Promise<boolean> {
    const result = await manager.query(
      'UPDATE leads SET pending_dispatch_id = ? WHERE id = ? AND pending_dispatch_id IS NULL AND pending_claim_id IS NULL',
      [dispatchId, leadId],
    );
    return Number(result.affectedRows) === 1;
  }

  async clearPendingDispatch(manager: EntityManager, leadId: string, dispatchId: string): Promise<void> {
    await manager.query('UPDATE leads SET pending_dispatch_id = NULL WHERE id = ? AND pending_dispatch_id = ?', [
      leadId,
      dispatchId,
    ]);
  }

  /** Hands the lead to another unit (an accepted dispatch): a change of the record, so its version moves. */
  async moveToUnit(manager: EntityManager, leadId: string, unit: UnitRef, ownerUserId: string): Promise<void> {
    await manager.query(
      'UPDATE leads SET region_code = ?, city_code = ?, owner_user_id = ?, last_activity_at = ?, version = version + 1 WHERE id = ?',
      [unit.regionCode, unit.cityCode, ownerUserId, new Date(), leadId],
    );
  }

  /**
   * The other open leads (not lost, not yet in production, not merged into another) for the companies, in any unit:
   * another unit's is a 撞单, the same unit's a duplicate. A locking read, so it sees leads committed after this
   * transaction began (callers hold the lead's company lock; companies only alike are not locked, see ConflictsService.detect).
   */
  async competingLeads(manager: EntityManager, companyIds: string[], leadId: string): Promise<CompetingLead[]> {
    const rows: Array<Omit<CompetingLead, 'id'> & { id: string }> = await manager.query(
      `SELECT id, company_id AS companyId, region_code AS regionCode, city_code AS cityCode, created_at AS createdAt
         FROM leads
        WHERE company_id IN (?) AND id <> ? AND stage NOT IN (?) AND merged_into_lead_id IS NULL
        ORDER BY id LIMIT 50 LOCK IN SHARE MODE`,
      [companyIds, leadId, CLOSED_STAGES],
    );
    return rows.map((row) => ({ ...row, id: String(row.id), companyId: String(row.companyId) }));
  }

  /**
   * Serialises the registrations and moves of one company's leads (taken before the lead row), so two units
   * registering the same company at once see each other's lead and 撞单 detection cannot miss it.
   */
  async lockCompany(manager: EntityManager, companyId: string): Promise<void> {
    await manager.query('SELECT id FROM companies WHERE id = ? FOR UPDATE', [companyId]);
  }

  async setInConflict(manager: EntityManager, leadIds: string[], inConflict: boolean): Promise<void> {
    if (leadIds.length > 0)
      await manager.query('UPDATE leads SET in_conflict = ? WHERE id IN (?)', [inConflict, leadIds]);
  }

  private filtered(
    access: LeadAccess,
    filter: LeadFilter,
    sharedIds?: string[],
    manager?: EntityManager,
  ): SelectQueryBuilder<LeadEntity> {
    const query = this.applyAccess(this.base(manager), access, sharedIds);
    if (filter.unit) filter.unit.applyTo(query, 'lead', undefined, 'filterUnit');
    if (filter.stages?.length) query.andWhere('lead.stage IN (:...stages)', { stages: filter.stages });
    if (filter.clusterCode) query.andWhere('lead.clusterCode = :clusterCode', { clusterCode: filter.clusterCode });
    if (filter.ownerUserId) query.andWhere('lead.ownerUserId = :ownerUserId', { ownerUserId: filter.ownerUserId });
    if (filter.sourceKind) query.andWhere('lead.sourceKind = :sourceKind', { sourceKind: filter.sourceKind });
    if (filter.chamberId) query.andWhere('lead.sourceChamberId = :chamberId', { chamberId: filter.chamberId });
    if (filter.ownership) query.andWhere('lead.ownership = :ownership', { ownership: filter.ownership });
    if (filter.flag)
      query.andWhere('lead.company_id IN (SELECT f.company_id FROM company_flags f WHERE f.flag = :flag)', {
        flag: filter.flag,
      });
    if (filter.category)
      query.andWhere('lead.id IN (SELECT c.lead_id FROM lead_categories c WHERE c.category = :category)', {
        category: filter.category,
      });
    if (filter.minInvestment !== undefined)
      query.andWhere('lead.expectedInvestment >= :minInvestment', { minInvestment: filter.minInvestment });
    if (filter.maxInvestment !== undefined)
      query.andWhere('lead.expectedInvestment <= :maxInvestment', { maxInvestment: filter.maxInvestment });
    if (filter.staleSince) query.andWhere('lead.lastActivityAt <= :staleSince', { staleSince: filter.staleSince });
    if (filter.health) {
      const windows = filter.health;
      query.andWhere(
        new Brackets((any) => {
          if (windows.length === 0) any.where('1 = 0');
          windows.forEach((window, index) => {
            const after = window.after ? ` AND lead.lastActivityAt > :healthAfter${index}` : '';
            const tier = investmentCondition('lead.expectedInvestment', window.investment, `healthTier${index}`);
            any.orWhere(
              `(lead.stage = :healthStage${index} AND lead.lastActivityAt <= :healthUntil${index}${after} AND ${tier.sql})`,
              {
                [`healthStage${index}`]: window.stage,
                [`healthUntil${index}`]: window.atOrBefore,
                [`healthAfter${index}`]: window.after,
                ...tier.params,
              },
            );
          });
        }),
      );
    }
    if (filter.q) {
      const lower = filter.q.toLowerCase();
      query.andWhere(
        '(lead.title LIKE :qContains OR company.name LIKE :qContains OR company.name_pinyin LIKE :qPrefix OR company.name_initials LIKE :qPrefix)',
        { qContains: `%${escapeLike(filter.q)}%`, qPrefix: `${escapeLike(lower)}%` },
      );
    }
    return query;
  }

  private async replaceCategories(manager: EntityManager, leadId: string, categories: LeadCategory[]): Promise<void> {
    await manager.delete(LeadCategoryEntity, { leadId });
    if (categories.length > 0)
      await manager.insert(
        LeadCategoryEntity,
        categories.map((category) => ({ leadId, category })),
      );
  }
}

/** Leads held by the units of `scope`'s chain, i.e. inside it (null for the region: every lead). */
function chainCondition(scope: JurisdictionScope): { sql: string; parameters: Record<string, string> } | null {
  if (scope.level === 'region') return null;
  if (scope.level === 'city') return { sql: 'lead.city_code = :chainCity', parameters: { chainCity: scope.cityCode! } };
  return { sql: 'lead.region_code = :chainUnit', parameters: { chainUnit: scope.regionCode } };
}

/** Participants whose unit is inside `scope` (null for the region, which sees every lead anyway). */
function participantCondition(scope: JurisdictionScope): { sql: string; parameters: Record<string, string> } | null {
  if (scope.level === 'region') return null;
  if (scope.level === 'city')
    return { sql: 'p.city_code = :participantCity', parameters: { participantCity: scope.cityCode! } };
  return { sql: 'p.region_code = :participantUnit', parameters: { participantUnit: scope.regionCode } };
}

/**
 * The lead with its company's name, made in place: copying the entity's forty-odd columns into a new object cost
 * more CPU than TypeORM's hydration of the row (13% of a list request at a million leads).
 */
function withCompanyName(entity: LeadEntity): LeadRow {
  const row = entity as LeadEntity & { companyName: string; ownerName: string | null };
  row.companyName = entity.company?.name ?? '';
  row.ownerName = entity.owner?.displayName ?? null;
  (row as Partial<LeadEntity>).company = undefined;
  (row as Partial<LeadEntity>).owner = undefined;
  return row;
}
