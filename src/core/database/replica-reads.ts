import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const logger = new Logger('ReplicaReads');
/** An unreachable replica is reported once a minute, not once per request. */
const FALLBACK_WARNING_INTERVAL_MS = 60_000;
let lastFallbackWarningAt = 0;

/**
 * Runs read-only `work` on a replica (DATABASE_REPLICA_URLS), or on the primary when none is configured. For lists,
 * searches and analytics only: never inside a transaction, never for a write's own answer or a detail read right
 * after a write (a replica may lag). A replica that cannot give a connection (down, pool full) sends the read to the
 * primary rather than failing it; the pool cluster tries that replica again after its restore timeout.
 */
export async function onReplica<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  let runner: QueryRunner = dataSource.createQueryRunner('slave');
  try {
    await runner.connect();
  } catch (error) {
    await runner.release();
    if (Date.now() - lastFallbackWarningAt > FALLBACK_WARNING_INTERVAL_MS) {
      lastFallbackWarningAt = Date.now();
      logger.warn(`No replica connection (${(error as Error).message}); reading from the primary`);
    }
    runner = dataSource.createQueryRunner('master');
  }
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}
