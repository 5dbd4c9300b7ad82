import { OwnRedisServer } from '../utils/redis-server';
import { freePort, waitUntil } from '../utils/spawned-app';
import { startTestApp, TestApp } from '../utils/test-app';
import { createSignedInUser, TestUser } from '../utils/users';

const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Redis killed for ten seconds while reminders are being scheduled and delivered, then started again with what it
// had written (append-only file, as a production Redis keeps): every reminder reaches its user exactly once.
describe('reminders through a Redis outage', () => {
  let redis: OwnRedisServer;
  let t: TestApp;
  let officer: TestUser;

  beforeAll(async () => {
    redis = new OwnRedisServer(await freePort(), { persistent: true });
    await redis.start();
    t = await startTestApp({ REDIS_URL: redis.url, REMINDER_RECONCILE_SECONDS: '5' });
    officer = await createSignedInUser(t, 'officer', '450100', 'redis-fault');
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await redis?.remove();
  });

  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
  const createTask = async (title: string, remindInSeconds: number): Promise<string> => {
    const res = await t.request(
      {
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { title, dueAt: inSeconds(3600), remindAt: inSeconds(remindInSeconds) },
      },
      officer.token,
    );
    expect({ title, status: res.statusCode }).toEqual({ title, status: 201 });
    return res.json().id;
  };
  /** How many reminders each task's assignee was told of, by task id. */
  const remindersByTask = async (): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/notifications?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url }, officer.token)).json();
      for (const item of page.items as Array<{ kind: string; subjectId: string }>) {
        if (item.kind === 'task_reminder') counts.set(item.subjectId, (counts.get(item.subjectId) ?? 0) + 1);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return counts;
  };

  it('delivers every reminder once: those due during the outage, those scheduled during it, and those after', async () => {
    const taskIds: string[] = [];
    // Due in 1–14 s: some fire before the kill (jobs may be mid-run when it comes), most fall inside the outage.
    for (let second = 1; second <= 14; second++) taskIds.push(await createTask(`停机前安排的提醒${second}`, second));
    // Due after Redis is back: their delayed jobs must survive the restart.
    for (let second = 20; second <= 24; second++) taskIds.push(await createTask(`恢复后到期的提醒${second}`, second));

    await sleep(2_000);
    await redis.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    // Scheduling while Redis is away: the task is saved (the database is the truth) and its job is added later.
    for (let second = 2; second <= 6; second += 2) taskIds.push(await createTask(`停机中安排的提醒${second}`, second));
    const ready = await t.request({ method: 'GET', url: '/health/ready' }, null);
    expect(ready.statusCode).toBe(503);
    await sleep(Math.max(0, outageEnds - Date.now()));
    await redis.start();

    await waitUntil(
      'every reminder delivered',
      async () => {
        const counts = await remindersByTask();
        return taskIds.every((id) => (counts.get(id) ?? 0) >= 1);
      },
      60_000,
    );
    // Two more reconcile passes (every 5 s) and the stalled-job check must not tell anyone twice.
    await sleep(12_000);
    const counts = await remindersByTask();
    expect(taskIds.map((id) => [id, counts.get(id) ?? 0])).toEqual(taskIds.map((id) => [id, 1]));
    for (const id of taskIds)
      expect((await t.request({ method: 'GET', url: `/api/v1/tasks/${id}` }, officer.token)).json().reminded).toBe(
        true,
      );
    expect((await t.request({ method: 'GET', url: '/health/ready' }, null)).statusCode).toBe(200);
  });
});
