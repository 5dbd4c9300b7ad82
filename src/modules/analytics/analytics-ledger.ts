import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { collectBeforeCommit } from '../../core/database/after-commit';
import type { EventConfirmation } from '../../shared/signing-confirmation';
import type { Stage } from '../../shared/lead-stages';
import { Cell, cellDeltas, lastEventOf, LeadFacts, MEASURES } from './lead-contribution';
import { factsFromRow, factsOf, FactsRow, FactsSource, storeFacts } from './lead-facts';

const KEY_COLUMNS = [
  'pattern',
  'basis',
  'month',
  'region_code',
  'city_code',
  'cluster_code',
  'source_kind',
  'ownership',
  'chamber_id',
  'team_id',
  'category',
];
/** Rows per INSERT: ~135 parameters each keeps a statement well under max_allowed_packet. */
const CELLS_PER_STATEMENT = 250;
const FACTS_PER_STATEMENT = 500;

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Keeps the analytics facts and roll-up cells current. A lead change marks the lead; just before its transaction
 * commits, the lead's facts are re-derived and the cells move by the difference, so the numbers commit (or roll
 * back) with the change and every project is counted once, on its credit unit.
 */
@Injectable()
export class AnalyticsLedger {
  /**
   * Re-counts a lead when the transaction of `manager` commits (once, however often it changed). `inserted`: the
   * lead is new in this transaction, so it has no facts to read.
   */
  async touch(manager: EntityManager, leadId: string, inserted = false): Promise<void> {
    await collectBeforeCommit(
      manager,
      'analytics-ledger',
      { leadId: String(leadId), inserted },
      (flushManager, touched) =>
        this.refresh(
          flushManager,
          touched.map((item) => item.leadId),
          new Set(touched.filter((item) => item.inserted).map((item) => item.leadId)),
        ),
    );
  }

  /**
   * Re-derives the facts of `leadIds` and moves the cells by the difference. The callers hold the leads' row
   * locks (the change itself, or the rebuild's FOR UPDATE), so two refreshes of a lead never interleave.
   */
  async refresh(manager: EntityManager, leadIds: string[], inserted: ReadonlySet<string> = new Set()): Promise<void> {
    await this.applyDeltas(manager, await this.rederive(manager, leadIds, inserted));
  }

  /**
   * Rewrites the facts of `leadIds` and returns how the cells must change; cell changes add up in any order, so
   * a rebuild may gather them over many batches before writing them.
   */
  async rederive(
    manager: EntityManager,
    leadIds: string[],
    inserted: ReadonlySet<string> = new Set(),
  ): Promise<Cell[]> {
    const ids = [...new Set(leadIds.map(String))].sort((a, b) => Number(a) - Number(b));
    if (ids.length === 0) return [];
    // A new lead's facts row does not exist: reading it FOR UPDATE would gap-lock the end of the table, and two
    // leads created at once would then deadlock on their inserts.
    const existing = ids.filter((id) => !inserted.has(id));
    const before = new Map(
      (await this.storedFacts(manager, existing)).map((row) => [String(row.leadId), factsFromRow(row)]),
    );
    const after = new Map(
      (await this.sources(manager, ids)).map((source) => [String(source.lead.id), factsOf(source)]),
    );
    await this.writeFacts(manager, [...after.values()]);
    const gone = ids.filter((id) => !after.has(id) && before.has(id));
    if (gone.length > 0) await manager.query('DELETE FROM analytics_lead_facts WHERE lead_id IN (?)', [gone]);
    return cellDeltas(ids.map((id) => ({ before: before.get(id) ?? null, after: after.get(id) ?? null })));
  }

  private async storedFacts(manager: EntityManager, ids: string[]): Promise<FactsRow[]> {
    if (ids.length === 0) return [];
    return manager.query(
      `SELECT lead_id AS leadId, credited, region_code AS regionCode, city_code AS cityCode, cluster_code AS clusterCode,
              source_kind AS sourceKind, ownership, chamber_id AS chamberId, team_id AS teamId, lead_created_at AS leadCreatedAt, facts
         FROM analytics_lead_facts WHERE lead_id IN (?) FOR UPDATE`,
      [ids],
    );
  }

  /**
   * What the facts are derived from: the leads, their stage events, funds and 完成投资, and the team of the finding visit.
   * Locking reads, so they see the latest commits rather than the transaction's first snapshot (REPEATABLE READ):
   * a change committed meanwhile (a signing while a dispatch was being accepted) is never left out.
   */
  private async sources(manager: EntityManager, ids: string[]): Promise<FactsSource[]> {
    const leads: Array<Record<string, unknown>> = await manager.query(
      `SELECT l.id, l.region_code AS regionCode, l.city_code AS cityCode, l.cluster_code AS clusterCode, l.source_kind AS sourceKind,
              l.ownership, l.source_chamber_id AS sourceChamberId, l.stage, l.merged_into_lead_id AS mergedIntoLeadId,
              l.expected_investment AS expectedInvestment, l.signed_amount AS signedAmount, l.categories, l.created_at AS createdAt,
              l.investment_by_month AS investmentByMonth,
              v.team_id AS teamId
         FROM leads l LEFT JOIN visits v ON v.id = l.source_visit_id
        WHERE l.id IN (?) LOCK IN SHARE MODE`,
      [ids],
    );
    const events: Array<{
      leadId: string;
      fromStage: Stage | null;
      toStage: Stage;
      at: Date;
      confirmation: EventConfirmation;
    }> = await manager.query(
      'SELECT lead_id AS leadId, from_stage AS fromStage, to_stage AS toStage, at, confirmation FROM stage_events WHERE lead_id IN (?) ORDER BY lead_id, at, id LOCK IN SHARE MODE',
      [ids],
    );
    const funds: Array<{ leadId: string; amount: string; receivedAt: Date }> = await manager.query(
      'SELECT lead_id AS leadId, amount, received_at AS receivedAt FROM lead_funds WHERE lead_id IN (?) LOCK IN SHARE MODE',
      [ids],
    );
    const eventsOf = groupBy(events);
    const fundsOf = groupBy(funds);
    return leads.map((row) => {
      const id = String(row.id);
      return {
        lead: { ...(row as unknown as FactsSource['lead']), id, categories: parseJson<string[]>(row.categories) ?? [] },
        events: eventsOf.get(id) ?? [],
        funds: fundsOf.get(id) ?? [],
        // 完成投资 from the lead's own row (see LeadEntity.investmentByMonth).
        investments: Object.entries(parseJson<Record<string, string> | null>(row.investmentByMonth) ?? {}).map(
          ([month, amount]) => ({ month: Number(month), amount: String(amount) }),
        ),
        teamId: row.teamId === null ? null : String(row.teamId),
      };
    });
  }

  private async writeFacts(manager: EntityManager, facts: LeadFacts[]): Promise<void> {
    for (let start = 0; start < facts.length; start += FACTS_PER_STATEMENT) {
      const chunk = facts.slice(start, start + FACTS_PER_STATEMENT);
      await manager.query(
        `INSERT INTO analytics_lead_facts
           (lead_id, credited, region_code, city_code, cluster_code, source_kind, ownership, chamber_id, team_id, lead_created_at, last_event_at, facts)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE credited = VALUES(credited), region_code = VALUES(region_code), city_code = VALUES(city_code),
           cluster_code = VALUES(cluster_code), source_kind = VALUES(source_kind), ownership = VALUES(ownership),
           chamber_id = VALUES(chamber_id), team_id = VALUES(team_id), lead_created_at = VALUES(lead_created_at),
           last_event_at = VALUES(last_event_at), facts = VALUES(facts)`,
        chunk.flatMap((row) => [
          row.leadId,
          row.credited,
          row.regionCode,
          row.cityCode,
          row.clusterCode,
          row.sourceKind,
          row.ownership,
          row.chamberId,
          row.teamId,
          row.createdAt,
          lastEventOf(row),
          JSON.stringify(storeFacts(row)),
        ]),
      );
    }
  }

  /** Adds the deltas to the cells, creating missing ones; in key order, so concurrent writers lock alike. */
  async applyDeltas(manager: EntityManager, deltas: Cell[]): Promise<void> {
    const columns = [...KEY_COLUMNS, ...MEASURES];
    const row = `(${columns.map(() => '?').join(', ')})`;
    const update = MEASURES.map((measure) => `${measure} = ${measure} + VALUES(${measure})`).join(', ');
    for (let start = 0; start < deltas.length; start += CELLS_PER_STATEMENT) {
      const chunk = deltas.slice(start, start + CELLS_PER_STATEMENT);
      await manager.query(
        `INSERT INTO analytics_cells (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')} ON DUPLICATE KEY UPDATE ${update}`,
        chunk.flatMap(({ key, measures }) => [
          key.pattern,
          key.basis,
          key.month,
          key.regionCode,
          key.cityCode,
          key.clusterCode,
          key.sourceKind,
          key.ownership,
          key.chamberId,
          key.teamId,
          key.category,
          ...measures,
        ]),
      );
    }
  }
}

function groupBy<T extends { leadId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = String(row.leadId);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}
