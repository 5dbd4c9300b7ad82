import { getHeapStatistics } from 'node:v8';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { enqueue, freeJobId, withRedisTimeout } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import type { AuthPrincipal } from '../../core/auth/principal';
import { AuditService } from '../audit/audit.service';
import { AnalyticsLedger } from './analytics-ledger';
import { addInto, Cell, cellKeyText } from './lead-contribution';

export const REBUILD_JOB_ID = 'analytics-rebuild';

/** Queues a rebuild on the analytics queue unless one is waiting or running; false when one already is. */
export async function queueRebuild(queue: Queue, wipe: boolean): Promise<boolean> {
  if (!(await withRedisTimeout(freeJobId(queue, REBUILD_JOB_ID)))) return false;
  await enqueue(queue, JobName.AnalyticsRebuild, { wipe: String(wipe) }, { jobId: REBUILD_JOB_ID });
  return true;
}
const BATCH = 2000;
/**
 * Cells a wiping rebuild gathers before writing them (about 1 KiB each). Every flush before the last rewrites cells
 * the next batches touch again, so the bound sits above the whole roll-up of a million leads (about a million
 * cells): one write per cell.
 */
const GATHERED_CELLS = 1_500_000;
const CELLS_PER_FLUSH = 5_000;

/**
 * Derives the facts and cells of every lead again, in batches that lock their leads, so changes made meanwhile
 * are neither lost nor counted twice. Fills in leads that have no facts yet (the first start after this feature
 * arrived, a restored backup), or with `wipe` starts from nothing (a repair).
 */
@Injectable()
export class AnalyticsRebuild {
  private readonly logger = new Logger(AnalyticsRebuild.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: AnalyticsLedger,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Analytics) private readonly queue: Queue,
  ) {}

  /** Queues a rebuild unless one is waiting or running; false when one already is. An administrator's is audited. */
  async request(wipe: boolean, requestedBy?: AuthPrincipal): Promise<boolean> {
    if (!(await queueRebuild(this.queue, wipe))) return false;
    if (requestedBy) {
      await this.audit.record(this.dataSource.manager, {
        actor: requestedBy,
        action: 'create',
        entity: 'analytics_rebuild',
        entityId: REBUILD_JOB_ID,
        unit: null,
        changes: { wipe: [null, wipe] },
      });
    }
    return true;
  }

  /** What a starting worker must do: finish a wiping rebuild a crash interrupted, or fill in leads without facts. */
  async needed(): Promise<'wipe' | 'fill-in' | null> {
    const [state] = await this.dataSource.query('SELECT wipe_pending AS wipePending FROM analytics_state WHERE id = 1');
    if (state && Number(state.wipePending)) return 'wipe';
    const rows = await this.dataSource.query(
      'SELECT 1 FROM leads l LEFT JOIN analytics_lead_facts f ON f.lead_id = l.id WHERE f.lead_id IS NULL LIMIT 1',
    );
    return rows.length > 0 ? 'fill-in' : null;
  }

  /**
   * Without `wipe`, each batch writes its cells in its own transaction, so an interruption leaves nothing half
   * counted. With `wipe` the cells are emptied and every lead's facts marked as counting nothing yet, then the
   * cells are gathered over many batches before being written (a fraction of the writes). Changes made meanwhile
   * still add up, since cell changes commute; a wipe that does not finish stays marked and is run again.
   */
  async run(wipe: boolean, progress: (done: number, total: number) => Promise<unknown>): Promise<number> {
    if (wipe) {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          'INSERT INTO analytics_state (id, wipe_pending) VALUES (1, 1) ON DUPLICATE KEY UPDATE wipe_pending = 1',
        );
        await manager.query('DELETE FROM analytics_cells');
        // Kept, not deleted: changes meanwhile then lock existing rows rather than gaps.
        await manager.query('UPDATE analytics_lead_facts SET credited = 0');
      });
    }
    const [{ total }] = await this.dataSource.query('SELECT COUNT(*) AS total FROM leads');
    const gathered = new CellSums();
    let after = '0';
    let done = 0;
    for (;;) {
      const ids = await this.dataSource.transaction(async (manager) => {
        // Without wipe only leads lacking facts are derived; the hooks keep the others current.
        const rows: Array<{ id: string }> = await manager.query(
          wipe
            ? 'SELECT id FROM leads WHERE id > ? ORDER BY id LIMIT ? FOR UPDATE'
            : 'SELECT l.id FROM leads l LEFT JOIN analytics_lead_facts f ON f.lead_id = l.id WHERE l.id > ? AND f.lead_id IS NULL ORDER BY l.id LIMIT ? FOR UPDATE',
          [after, BATCH],
        );
        const batch = rows.map((row) => String(row.id));
        const deltas = await this.ledger.rederive(manager, batch);
        if (wipe) gathered.add(deltas);
        else await this.ledger.applyDeltas(manager, deltas);
        return batch;
      });
      if (ids.length === 0 || gathered.size >= GATHERED_CELLS || heapNearlyFull()) await this.flush(gathered);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      done += ids.length;
      await progress(done, Number(total));
    }
    if (wipe) await this.dataSource.query('UPDATE analytics_state SET wipe_pending = 0 WHERE id = 1');
    this.logger.log({ leads: done, wipe }, 'Analytics rebuilt');
    return done;
  }

  /** Writes gathered cells in short transactions, so lead changes waiting on a cell wait for one chunk only. */
  private async flush(gathered: CellSums): Promise<void> {
    const cells = gathered.take();
    for (let start = 0; start < cells.length; start += CELLS_PER_FLUSH) {
      await this.dataSource.transaction((manager) =>
        this.ledger.applyDeltas(manager, cells.slice(start, start + CELLS_PER_FLUSH)),
      );
    }
  }
}

/** Past this share of the heap limit a wiping rebuild writes what it gathered, whatever the cell count. */
const HEAP_SHARE = 0.5;

/** A worker started with a small heap (--max-old-space-size) flushes sooner instead of running out of memory. */
function heapNearlyFull(): boolean {
  return process.memoryUsage().heapUsed > HEAP_SHARE * getHeapStatistics().heap_size_limit;
}

/** Cell changes summed by key, in key order when taken. */
class CellSums {
  private readonly byKey = new Map<string, Cell>();

  get size(): number {
    return this.byKey.size;
  }

  add(cells: Cell[]): void {
    for (const cell of cells) {
      const text = cellKeyText(cell.key);
      const existing = this.byKey.get(text);
      if (existing) addInto(existing.measures, cell.measures);
      else this.byKey.set(text, cell);
    }
  }

  take(): Cell[] {
    const cells = [...this.byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, cell]) => cell);
    this.byKey.clear();
    return cells;
  }
}
