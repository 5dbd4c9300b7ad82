import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../../src/core/config/app-config';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { bullConnection, closeBullClusters, createRedisClient } from '../../../src/core/redis/redis-connection';
import { TEST_ADMIN_PASSWORD } from '../../setup/test-environment';
import { freePort, spawnApp, waitUntil, type SpawnedApp } from '../../utils/spawned-app';

// The production shape on one machine: two API processes (ROLE=api) behind a balancer and one worker process
// (ROLE=worker), on one database and one Redis. What must happen once happens once: sign-in throttling counts across
// instances, each reminder is delivered once, each deadline fires once, and the job schedulers exist once.

jest.setTimeout(180_000);

const SHORT = {
  DISPATCH_ACCEPT_DEADLINE: '4s',
  ESCALATION_ANSWER_DEADLINE: '4s',
  LINKAGE_RECONCILE_SECONDS: '5',
  REMINDER_RECONCILE_SECONDS: '5',
};

interface Answer {
  status: number;
  body: any;
}

describe('two API instances and one worker', () => {
  const config = loadConfig();
  // Its own queue prefix: no other suite's jobs or schedulers are counted here.
  const queuePrefix = config.queuePrefix.endsWith('}')
    ? `${config.queuePrefix.slice(0, -1)}_mi}`
    : `${config.queuePrefix}mi`;
  const processes: SpawnedApp[] = [];
  let bases: string[] = [];
  let adminToken: string;

  async function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Alternates the instances, as a round-robin balancer would. */
  let turn = 0;
  const next = () => bases[turn++ % bases.length];

  async function signIn(username: string, password: string): Promise<string> {
    const answer = await call(next(), 'POST', '/auth/login', undefined, { username, password });
    if (answer.status !== 200) throw new Error(`sign-in ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.accessToken;
  }

  async function createUser(role: string, regionCode: string): Promise<{ id: string; token: string }> {
    const username = `mi.${role}.${regionCode}.${Math.random().toString(36).slice(2, 8)}`;
    const password = 'multi-instance-2026';
    const created = await call(next(), 'POST', '/users', adminToken, {
      username,
      displayName: `多实例${role}`,
      password,
      role,
      regionCode,
    });
    expect(created.status).toBe(201);
    return { id: created.body.id, token: await signIn(username, password) };
  }

  beforeAll(async () => {
    const env = { ...SHORT, QUEUE_PREFIX: queuePrefix, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: 'warn' };
    const ports = [await freePort(), await freePort()];
    for (const port of ports) processes.push(spawnApp({ ...env, ROLE: 'api', PORT: String(port) }));
    processes.push(spawnApp({ ...env, ROLE: 'worker', LOG_LEVEL: 'info' }, 'worker'));
    bases = ports.map((port) => `http://127.0.0.1:${port}`);
    try {
      for (const base of bases) {
        await waitUntil(`the API at ${base}`, async () => (await fetch(`${base}/health/ready`)).status === 200, 90_000);
      }
      await waitUntil('the worker', () => processes[2].output().includes('Workers started'), 90_000);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n${processes.map((process) => process.output().slice(-1500)).join('\n---\n')}`,
        { cause: error },
      );
    }
    adminToken = await signIn('admin', TEST_ADMIN_PASSWORD);
  });

  afterAll(async () => {
    for (const process of processes) process.child.kill('SIGTERM');
    await Promise.all(processes.map((process) => process.exited));
  });

  it('counts failed sign-ins across instances: the sixth attempt is refused on either', async () => {
    const username = `mi.throttle.${Math.random().toString(36).slice(2, 8)}`;
    await call(next(), 'POST', '/users', adminToken, {
      username,
      displayName: '限流测试',
      password: 'right-password-2026',
      role: 'officer',
      regionCode: '450100',
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await call(next(), 'POST', '/auth/login', undefined, { username, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    for (const base of bases) {
      expect(
        (await call(base, 'POST', '/auth/login', undefined, { username, password: 'right-password-2026' })).status,
      ).toBe(429);
    }
  });

  it('delivers each reminder once, whichever instance scheduled it', async () => {
    const officer = await createUser('officer', '450100');
    const remindAt = new Date(Date.now() + 4_000).toISOString();
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const taskIds: string[] = [];
    for (let index = 0; index < 6; index++) {
      const created = await call(next(), 'POST', '/tasks', officer.token, {
        title: `多实例提醒${index}`,
        dueAt,
        remindAt,
      });
      expect(created.status).toBe(201);
      taskIds.push(created.body.id);
    }
    const reminders = async () =>
      (
        (await call(next(), 'GET', '/notifications?limit=200', officer.token)).body.items as Array<{
          kind: string;
          subjectId: string;
        }>
      )
        .filter((notification) => notification.kind === 'task_reminder')
        .map((notification) => notification.subjectId)
        .sort();
    await waitUntil('every reminder delivered', async () => (await reminders()).length >= taskIds.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // a reconcile period: nothing is delivered again
    expect(await reminders()).toEqual([...taskIds].sort());
  });

  it('fires a dispatch deadline once, told to the managers once', async () => {
    const cityOfficer = await createUser('officer', '450100');
    const cityManager = await createUser('manager', '450100');
    const company = await call(next(), 'POST', '/companies', adminToken, {
      name: `多实例测试${Date.now().toString(36)}有限公司`,
      ownership: 'foreign',
      originRegionCode: '440300',
    });
    expect(company.status).toBe(201);
    const lead = await call(next(), 'POST', '/leads', cityOfficer.token, {
      companyId: company.body.id,
      title: '多实例交办项目',
      clusterCode: 'electronics',
      source: { kind: 'government' },
    });
    expect(lead.status).toBe(201);
    const dispatch = await call(next(), 'POST', `/leads/${lead.body.id}/dispatches`, cityOfficer.token, {
      toRegionCode: '450102',
    });
    expect(dispatch.status).toBe(201);
    const overdueNotices = async () =>
      (
        (await call(next(), 'GET', '/notifications?limit=200', cityManager.token)).body.items as Array<{
          kind: string;
          subjectId: string;
        }>
      ).filter(
        (notification) => notification.subjectId === dispatch.body.id && notification.kind === 'dispatch_overdue',
      ).length;
    await waitUntil('the overdue notice', async () => (await overdueNotices()) >= 1, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // reconcile passes on the worker find nothing left to fire
    expect(await overdueNotices()).toBe(1);
    expect(
      (await call(next(), 'GET', `/dispatches/${dispatch.body.id}`, cityOfficer.token)).body.overdueLevel,
    ).toBeGreaterThanOrEqual(1);
  });

  const EXPECTED_SCHEDULERS = [
    'analytics/quarterly-bulletin',
    'imports/import-reconcile',
    'linkage/linkage-reconcile',
    'notifications/delivery-reconcile',
    'reminders/daily-digest',
    'reminders/reminder-reconcile',
    'reminders/stall-watch',
    'system/worker-heartbeat',
  ].sort();

  /** Every queue's job schedulers under this run's prefix, and how many next runs each has queued. */
  async function readSchedulers(): Promise<{ schedulers: string[]; nextRuns: Map<string, number> }> {
    const connection = bullConnection(config.redis);
    const schedulers: string[] = [];
    const nextRuns = new Map<string, number>();
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection, prefix: queuePrefix });
      try {
        schedulers.push(...(await queue.getJobSchedulers()).map((scheduler) => `${name}/${scheduler.key}`));
        for (const job of await queue.getJobs(['delayed', 'waiting', 'prioritized'])) {
          if (job.repeatJobKey)
            nextRuns.set(`${name}/${job.repeatJobKey}`, (nextRuns.get(`${name}/${job.repeatJobKey}`) ?? 0) + 1);
        }
      } finally {
        await queue.close();
      }
    }
    await closeBullClusters();
    return { schedulers: schedulers.sort(), nextRuns };
  }

  it('keeps each job scheduler once, with one next run queued, registered by the worker alone', async () => {
    const { schedulers, nextRuns } = await readSchedulers();
    expect(schedulers).toEqual(EXPECTED_SCHEDULERS);
    // Two schedulers racing to add the next iteration would leave two queued runs of one schedule.
    expect(nextRuns.size).toBeGreaterThan(0);
    for (const [scheduler, runs] of nextRuns) expect([scheduler, runs]).toEqual([scheduler, 1]);
    for (const api of processes.slice(0, 2)) expect(api.output()).not.toMatch(/Workers started/);
  });

  it("re-asserts every job scheduler after the queues' keys are flushed, without a restart", async () => {
    // Only this run's prefix: other suites' queues on the same Redis are left alone.
    const redis = createRedisClient(config.redis);
    try {
      let flushed = 0;
      for await (const keys of (redis as Redis).scanStream({ match: `${queuePrefix}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) flushed += await redis.del(...(keys as string[]));
      }
      expect(flushed).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    expect((await readSchedulers()).schedulers.length).toBeLessThan(EXPECTED_SCHEDULERS.length);
    // REMINDER_RECONCILE_SECONDS and LINKAGE_RECONCILE_SECONDS are 5 here: each scheduler re-asserts within that.
    await waitUntil(
      'every job scheduler back',
      async () => JSON.stringify((await readSchedulers()).schedulers) === JSON.stringify(EXPECTED_SCHEDULERS),
      30_000,
    );
    const { nextRuns } = await readSchedulers();
    for (const [scheduler, runs] of nextRuns) expect([scheduler, runs]).toEqual([scheduler, 1]);
  });
});
