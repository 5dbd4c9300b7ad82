import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { StartupError } from '../common/startup';

const MIGRATION_LOCK = 'zhaoshang_migrations';
const LOCK_WAIT_SECONDS = 120;

/**
 * Applies pending migrations, each in its own transaction. A named lock makes several instances starting at
 * once take turns instead of racing on the same DDL.
 */
export async function runPendingMigrations(dataSource: DataSource, logger: Logger): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    const [lock] = await lockRunner.query('SELECT GET_LOCK(?, ?) AS acquired', [MIGRATION_LOCK, LOCK_WAIT_SECONDS]);
    if (Number(lock.acquired) !== 1) {
      throw new StartupError(`Another instance held the migration lock for over ${LOCK_WAIT_SECONDS} s; start again`);
    }
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        logger.info({ migrations: applied.map((m) => m.name) }, `Applied ${applied.length} migration(s)`);
      return applied.map((m) => m.name);
    } finally {
      await lockRunner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await lockRunner.release();
  }
}
