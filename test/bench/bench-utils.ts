import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { prepareInfrastructure } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/core/config/app-config';
import type { DatabaseFlavor } from '../../src/core/database/database-options';
import { createRootLogger } from '../../src/core/logging/logger';

export interface BenchEnvironment {
  config: AppConfig;
  logger: Logger;
  flavor: DatabaseFlavor;
}

/**
 * A benchmark's own database (zs_bench_<random>) and queue prefix on this machine's servers, created and migrated,
 * so a run never touches the app's data; the caller drops the database when done. `existingDatabase` reuses a
 * database an earlier run kept (--keep-database), migrated to the current schema.
 */
export async function benchEnvironment(role: 'api' | 'worker', existingDatabase?: string): Promise<BenchEnvironment> {
  const suffix = randomBytes(3).toString('hex');
  const { database } = loadConfig();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `mysql://${encodeURIComponent(database.username)}:${encodeURIComponent(database.password)}@${database.host}:${database.port}/${existingDatabase ?? `zs_bench_${suffix}`}`,
    QUEUE_PREFIX: `zsbench_${suffix}`,
    ROLE: role,
    LOG_LEVEL: 'warn',
  });
  const logger = createRootLogger(config);
  return { config, logger, flavor: await prepareInfrastructure(config, logger) };
}

/** The value below which `p` percent of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Prints rows as an aligned plain-text table under a title. */
export function printTable(title: string, rows: Array<Array<string | number>>): void {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  process.stdout.write(
    `\n${title}\n${line(cells[0])}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${cells.slice(1).map(line).join('\n')}\n`,
  );
}
