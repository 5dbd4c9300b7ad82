import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createWorkerContext, prepareInfrastructure } from '../../src/bootstrap';
import type { AppConfig } from '../../src/core/config/app-config';
import { dropDatabase } from '../../src/core/database/database-server';
import { bullConnection } from '../../src/core/redis/redis-connection';
import { deleteRedisKeys } from '../utils/redis-keys';
import { ReminderScheduler } from '../../src/modules/tasks/reminder.scheduler';
import { benchEnvironment, percentile, printTable, waitFor } from './bench-utils';

export interface ReminderBenchOptions {
  count: number;
  /** Reminders are spread evenly over this many seconds. */
  spreadSeconds: number;
}

interface Result {
  variant: string;
  scheduleSeconds: number;
  latenessP50: number;
  latenessP99: number;
  deliveredPerSecond: number;
}

/**
 * Issue 7's benchmark: schedule `count` task reminders through the CRM (delayed jobs, a worker that claims the task
 * and writes the notification in a transaction) and the same number of delayed jobs on a bare BullMQ queue and
 * worker, in the same run; compare scheduling time, lateness against the due time and throughput.
 */
export async function benchReminders(options: ReminderBenchOptions): Promise<void> {
  const { config, logger, flavor } = await benchEnvironment('worker');
  const results: Result[] = [];
  try {
    results.push(await crmVariant(config, flavor, options, logger));
    results.push(await bareVariant(config, options));
  } finally {
    await dropDatabase(config.database);
    await deleteRedisKeys(config.redis, `${config.queuePrefix}:*`);
  }
  const [crm, bare] = results;
  printTable(`Reminders: ${options.count.toLocaleString('en')} spread over ${options.spreadSeconds} s`, [
    ['variant', 'schedule (s)', 'scheduled/s', 'late p50 (ms)', 'late p99 (ms)', 'delivered/s'],
    ...results.map((r) => [
      r.variant,
      r.scheduleSeconds.toFixed(2),
      Math.round(options.count / r.scheduleSeconds),
      r.latenessP50.toFixed(0),
      r.latenessP99.toFixed(0),
      Math.round(r.deliveredPerSecond),
    ]),
    [
      'CRM / bare',
      (crm.scheduleSeconds / bare.scheduleSeconds).toFixed(2),
      '',
      (crm.latenessP50 / Math.max(bare.latenessP50, 1)).toFixed(2),
      (crm.latenessP99 / Math.max(bare.latenessP99, 1)).toFixed(2),
      (crm.deliveredPerSecond / bare.deliveredPerSecond).toFixed(2),
    ],
  ]);
}

/** When the first reminder is due: far enough ahead that scheduling them all finishes first. */
const startOf = (count: number) => Date.now() + 10_000 + count * 0.25;
/** Concurrent schedule calls, as from concurrent requests. */
const PARALLEL = 50;

async function crmVariant(
  config: AppConfig,
  flavor: Awaited<ReturnType<typeof prepareInfrastructure>>,
  options: ReminderBenchOptions,
  logger: Logger,
): Promise<Result> {
  const context = await createWorkerContext(config, logger, flavor);
  await context.init();
  const dataSource = context.get(DataSource);
  try {
    const [{ insertId: userId }] = [
      await dataSource.query(
        "INSERT INTO users (username, display_name, role, region_code, city_code, password_hash, version) VALUES ('bench.officer', '压测专员', 'officer', '450100', '450100', 'x', 1)",
      ),
    ];
    // Tasks first; their reminder times are set once they exist, so setup time never makes reminders late.
    for (let offset = 0; offset < options.count; offset += 2000) {
      const rows = Array.from({ length: Math.min(2000, options.count - offset) }, (_, i) => [
        `压测待办 ${offset + i}`,
        userId,
        '450100',
        '450100',
        new Date(Date.now() + 86_400_000),
        'open',
        'manual',
        1,
      ]);
      await dataSource.query(
        'INSERT INTO tasks (title, assignee_id, region_code, city_code, due_at, status, source, version) VALUES ?',
        [rows],
      );
    }
    const start = startOf(options.count);
    const step = (options.spreadSeconds * 1000) / options.count;
    const [{ firstId }] = await dataSource.query('SELECT MIN(id) AS firstId FROM tasks');
    await dataSource.query(
      'UPDATE tasks SET remind_at = FROM_UNIXTIME((? + (id - ?) * ?) / 1000) WHERE remind_at IS NULL',
      [start, firstId, step],
    );
    const tasks: Array<{ id: string; remindAt: Date }> = await dataSource.query(
      'SELECT id, remind_at AS remindAt FROM tasks ORDER BY id',
    );
    // The path a task takes after its commit: one schedule() per task, many requests at once.
    const scheduler = context.get(ReminderScheduler);
    const began = Date.now();
    await inParallel(tasks, (task) => scheduler.schedule(String(task.id), task.remindAt));
    const scheduleSeconds = (Date.now() - began) / 1000;
    await waitFor(
      'CRM reminders delivered',
      async () =>
        Number((await dataSource.query("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'task_reminder'"))[0].n) >=
        options.count,
      options.spreadSeconds * 1000 + 600_000,
    );
    const rows: Array<{ late: string; at: Date }> = await dataSource.query(
      `SELECT TIMESTAMPDIFF(MICROSECOND, t.remind_at, n.created_at) / 1000 AS late, n.created_at AS at
         FROM notifications n JOIN tasks t ON t.id = n.subject_id WHERE n.kind = 'task_reminder'`,
    );
    return summarise(
      'CRM (task reminders)',
      scheduleSeconds,
      rows.map((row) => Number(row.late)),
      rows.map((row) => row.at.getTime()),
    );
  } finally {
    await context.close();
  }
}

async function bareVariant(config: AppConfig, options: ReminderBenchOptions): Promise<Result> {
  const connection = bullConnection(config.redis);
  const prefix = config.queuePrefix;
  const queue = new Queue('bench-bare', { connection, prefix });
  const lateness: number[] = [];
  const deliveredAt: number[] = [];
  const worker = new Worker(
    'bench-bare',
    async (job) => {
      const now = Date.now();
      lateness.push(now - Number(job.data.due));
      deliveredAt.push(now);
    },
    { connection, prefix, concurrency: 8 },
  );
  try {
    const start = startOf(options.count);
    const step = (options.spreadSeconds * 1000) / options.count;
    const began = Date.now();
    await inParallel(
      Array.from({ length: options.count }, (_, i) => i),
      (i) => {
        const due = Math.round(start + i * step);
        return queue.add(
          'reminder',
          { due },
          { jobId: `bare-${i}`, delay: Math.max(0, due - Date.now()), removeOnComplete: true },
        );
      },
    );
    const scheduleSeconds = (Date.now() - began) / 1000;
    await waitFor(
      'bare jobs delivered',
      () => lateness.length >= options.count,
      options.spreadSeconds * 1000 + 600_000,
    );
    return summarise('bare BullMQ', scheduleSeconds, lateness, deliveredAt);
  } finally {
    await worker.close();
    await queue.close();
  }
}

/** Runs `work` for every item, PARALLEL at a time (as concurrent requests would). */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function summarise(variant: string, scheduleSeconds: number, lateness: number[], deliveredAt: number[]): Result {
  const sorted = [...lateness].sort((a, b) => a - b);
  let [first, last] = [Infinity, -Infinity];
  for (const at of deliveredAt) [first, last] = [Math.min(first, at), Math.max(last, at)];
  const span = (last - first) / 1000;
  return {
    variant,
    scheduleSeconds,
    latenessP50: percentile(sorted, 50),
    latenessP99: percentile(sorted, 99),
    deliveredPerSecond: deliveredAt.length / Math.max(span, 0.001),
  };
}
