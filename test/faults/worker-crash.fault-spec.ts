import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/core/config/app-config';
import { QueueName } from '../../src/core/queue/queue.constants';
import { leadImportJobId } from '../../src/modules/imports/import-reconciler';
import { bullConnection } from '../../src/core/redis/redis-connection';
import { TEST_ADMIN_PASSWORD } from '../setup/test-environment';
import { multipartFile } from '../utils/multipart';
import { randomCreditCode } from '../utils/records';
import { spawnApp, waitUntil, type SpawnedApp } from '../utils/spawned-app';
import { openTestDataSource } from '../utils/test-data-source';
import { startTestApp, TestApp } from '../utils/test-app';
import { createSignedInUser, TestUser } from '../utils/users';

const ROWS = 1500;
const HEADERS = [
  '企业名称*',
  '统一社会信用代码',
  '企业性质*',
  '企业来源地代码',
  '项目名称*',
  '产业集群*',
  '预计投资额(亿元)',
  '线索来源*',
];

// A worker process killed (SIGKILL) in the middle of a lead import: BullMQ finds the job stalled and another worker
// runs it again, resuming at the first unprocessed row, so every row's company and project is created exactly once.
describe('a worker killed in the middle of a job', () => {
  const config = loadConfig();
  // Its own queue prefix: the in-process workers of other suites never see this job.
  const queuePrefix = `${config.queuePrefix}wk`;
  const workers: SpawnedApp[] = [];
  let t: TestApp;
  let officer: TestUser;
  let direct: DataSource;

  const startWorker = async (): Promise<SpawnedApp> => {
    const worker = spawnApp(
      { ROLE: 'worker', QUEUE_PREFIX: queuePrefix, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: 'info' },
      'worker',
    );
    workers.push(worker);
    await waitUntil('the worker', () => worker.output().includes('Workers started'), 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${worker.output().slice(-2000)}`);
    });
    return worker;
  };

  beforeAll(async () => {
    // The API alone in this process: the import runs only in the spawned workers.
    t = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: queuePrefix });
    officer = await createSignedInUser(t, 'officer', '450200', 'worker-crash');
    direct = await openTestDataSource();
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await t?.close().catch(() => undefined);
    await direct?.destroy();
  });

  it('retries the import after the crash and creates each row once', async () => {
    const stamp = Date.now().toString(36);
    const lines = [HEADERS.join(',')];
    for (let row = 1; row <= ROWS; row++)
      lines.push(
        [
          `崩溃测试${stamp}企业${row}有限公司`,
          randomCreditCode(),
          '民企',
          '440300',
          `崩溃测试${stamp}项目${row}`,
          '电子信息',
          '2',
          '政府对接',
        ].join(','),
      );
    const { payload, headers } = multipartFile('线索.csv', Buffer.from(lines.join('\r\n')));
    const first = await startWorker();
    const accepted = await t.request({ method: 'POST', url: '/api/v1/leads/import', payload, headers }, officer.token);
    expect(accepted.statusCode).toBe(202);
    const importId: string = accepted.json().importId;
    const status = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/imports/${importId}` }, officer.token)).json();

    await waitUntil('the import to be part done', async () => (await status()).processed >= 100, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atCrash = await status();
    expect(atCrash).toMatchObject({ status: 'running' });
    expect(atCrash.processed).toBeLessThan(ROWS);

    await startWorker();
    // BullMQ notices the dead worker's lock expired (lockDuration, 30 s) at its next stalled-job check.
    await waitUntil(
      'the import to finish on the second worker',
      async () => ['done', 'failed'].includes((await status()).status),
      150_000,
    );
    expect(await status()).toMatchObject({
      status: 'done',
      total: ROWS,
      processed: ROWS,
      created: ROWS,
      updated: 0,
      failed: 0,
    });

    const queue = new Queue(QueueName.Imports, { connection: bullConnection(config.redis), prefix: queuePrefix });
    try {
      // Kept after completion (DEFAULT_JOB_OPTIONS): it shows BullMQ moved it back from the dead worker once.
      const job = await queue.getJob(leadImportJobId(importId));
      expect(job).toBeDefined();
      expect({ state: await job!.getState(), stalled: job!.stalledCounter }).toEqual({
        state: 'completed',
        stalled: 1,
      });
    } finally {
      await queue.close();
    }
    // Straight from MariaDB: each company, lead and audit entry once.
    const [counts] = await direct.query(
      `SELECT (SELECT COUNT(*) FROM companies WHERE name LIKE ?) AS companies,
              (SELECT COUNT(DISTINCT name) FROM companies WHERE name LIKE ?) AS companyNames,
              (SELECT COUNT(*) FROM leads WHERE title LIKE ?) AS leads,
              (SELECT COUNT(DISTINCT title) FROM leads WHERE title LIKE ?) AS leadTitles,
              (SELECT COUNT(*) FROM audit_log a JOIN leads l ON l.id = a.entity_id WHERE a.entity = 'lead' AND a.action = 'create' AND l.title LIKE ?) AS audits`,
      [
        `崩溃测试${stamp}企业%`,
        `崩溃测试${stamp}企业%`,
        `崩溃测试${stamp}项目%`,
        `崩溃测试${stamp}项目%`,
        `崩溃测试${stamp}项目%`,
      ],
    );
    expect(Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, Number(value)]))).toEqual({
      companies: ROWS,
      companyNames: ROWS,
      leads: ROWS,
      leadTitles: ROWS,
      audits: ROWS,
    });
  });
});
