import { startTestApp, TestApp } from '../../utils/test-app';
import { waitUntil } from '../../utils/spawned-app';

describe('health and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /health/live without touching dependencies', async () => {
    const res = await t.request({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /health/ready with the state of the database and Redis', async () => {
    const res = await t.request({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('shows the in-process workers beating through the queue', async () => {
    await waitUntil('a worker heartbeat', async () => {
      const res = await t.request({ method: 'GET', url: '/health/ready' });
      return res.json().checks.workers.lastHeartbeatAt !== null;
    });
    const res = await t.request({ method: 'GET', url: '/health/ready' });
    expect(Date.parse(res.json().checks.workers.lastHeartbeatAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps an incoming x-request-id, generates one otherwise, and echoes it', async () => {
    const kept = await t.request({
      method: 'GET',
      url: '/api/v1/nowhere',
      headers: { 'x-request-id': 'officer-42.call-7' },
    });
    expect(kept.headers['x-request-id']).toBe('officer-42.call-7');
    expect(kept.json().requestId).toBe('officer-42.call-7');

    const generated = await t.request({ method: 'GET', url: '/health/live' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const forged = await t.request({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\n{"level":60}' },
    });
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
