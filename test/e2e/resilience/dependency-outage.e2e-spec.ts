import { OwnRedisServer } from '../../utils/redis-server';
import { freePort, waitUntil } from '../../utils/spawned-app';
import { startDatabaseProxy, TcpProxy } from '../../utils/tcp-proxy';
import { startTestApp, TestApp } from '../../utils/test-app';

// While running, losing the database or Redis makes /health/ready 503 naming it, requests that need the database
// answer 503 NOT_READY, and the service heals by itself when the dependency returns.
describe('dependency outages while running', () => {
  let databaseProxy: TcpProxy;
  let redis: OwnRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    const { proxy, databaseUrl } = await startDatabaseProxy();
    databaseProxy = proxy;
    redis = new OwnRedisServer(await freePort());
    await redis.start();
    t = await startTestApp({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REQUEST_TIMEOUT_SECONDS: '2' });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await databaseProxy?.cut();
    await redis?.stop();
  });

  const ready = () => t.request({ method: 'GET', url: '/health/ready' });
  const guangxi = () => t.request({ method: 'GET', url: '/api/v1/regions/450000' });

  it('reports the database down, answers 503 NOT_READY, and recovers when it returns', async () => {
    expect((await ready()).statusCode).toBe(200);
    await databaseProxy.cut();

    const notReady = await ready();
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({
      code: 'NOT_READY',
      details: [{ field: 'database', constraint: 'reachable' }],
    });
    const request = await guangxi();
    expect(request.statusCode).toBe(503);
    expect(request.json()).toMatchObject({ code: 'NOT_READY', requestId: expect.any(String) });
    expect(request.json().message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(request.headers['retry-after']).toBe('5');

    await databaseProxy.start();
    await waitUntil('the database to be back', async () => (await ready()).statusCode === 200, 5_000);
    expect((await guangxi()).statusCode).toBe(200);
  });

  it('answers 503 NOT_READY within the deadline when the database hangs instead of failing, and recovers', async () => {
    databaseProxy.freeze();
    const started = Date.now();
    const hung = await guangxi();
    expect(hung.statusCode).toBe(503);
    expect(hung.json()).toMatchObject({ code: 'NOT_READY', requestId: expect.any(String) });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await ready()).statusCode).toBe(503);
    databaseProxy.thaw();
    await waitUntil('the database to answer again', async () => (await guangxi()).statusCode === 200, 10_000);
  });

  it('reports Redis down while database-only requests keep working, and recovers when it returns', async () => {
    await redis.stop();
    await waitUntil('readiness to notice Redis is gone', async () => (await ready()).statusCode === 503, 5_000);
    expect((await ready()).json().details).toEqual([
      expect.objectContaining({ field: 'redis', constraint: 'reachable' }),
    ]);
    expect((await guangxi()).statusCode).toBe(200);
    // Sign-in needs its failure counters; it refuses rather than run unprotected.
    const login = await t.request(
      { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'whatever-it-is' } },
      null,
    );
    expect(login.statusCode).toBe(503);
    expect(login.json().code).toBe('NOT_READY');

    await redis.start();
    await waitUntil('Redis to be back', async () => (await ready()).statusCode === 200, 10_000);
  });
});
