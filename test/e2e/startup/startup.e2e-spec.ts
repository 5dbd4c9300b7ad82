import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../src/core/config/app-config';
import { dropDatabase } from '../../../src/core/database/database-server';
import { freePort, spawnApp, waitUntil } from '../../utils/spawned-app';

// The process as operators start it: configuration errors, unreachable servers, roles and graceful shutdown.
describe('process start-up and shutdown', () => {
  it('stops with exit code 1 and one message listing every bad variable, without a stack trace', async () => {
    const app = spawnApp({ PORT: 'abc', ROLE: 'both', REDIS_URL: 'http://nope' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    const output = app.output();
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(/PORT must be an integer between 1 and 65535 \(e\.g\. 3000\)/);
    expect(output).toMatch(/ROLE must be one of all, api, worker/);
    expect(output).toMatch(/REDIS_URL must look like redis:\/\//);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('retries an unreachable database with a log line each time, then exits 1 naming the masked URL and docker compose', async () => {
    const closedPort = await freePort();
    const app = spawnApp({
      DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${closedPort}/zs_nowhere`,
      STARTUP_TIMEOUT_SECONDS: '2',
    });
    const { code } = await app.exited;
    expect(code).toBe(1);
    const output = app.output();
    expect(output).toContain('Waiting for database');
    expect(output).toContain(`mysql://root:***@127.0.0.1:${closedPort}/zs_nowhere`);
    expect(output).toContain('docker compose -f docker/docker-compose.yml up');
    expect(output).not.toContain('s3cret');
  });

  it('serves with ROLE=all, finishes the request in flight on SIGTERM and exits', async () => {
    const port = await freePort();
    const app = spawnApp({ PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    await waitUntil('the API to be ready', async () => (await fetch(`${base}/health/ready`)).status === 200, 40_000);

    const inFlight = fetch(`${base}/api/docs-json`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    app.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toMatch(/^3\./);

    const exit = await app.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });

  it('runs workers without HTTP under ROLE=worker', async () => {
    const port = await freePort();
    const app = spawnApp({ PORT: String(port) }, 'worker');
    await waitUntil('the workers to start', () => app.output().includes('Workers started'), 40_000);
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });

  it('creates the first administrator once, with a generated password printed in the log', async () => {
    const database = { ...loadConfig().database, database: `zs_firststart_${randomBytes(4).toString('hex')}` };
    const url = new URL(database.url);
    url.pathname = `/${database.database}`;
    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: url.toString(), ADMIN_PASSWORD: '', ROLE: 'api' };
    try {
      const first = spawnApp(env);
      await waitUntil('the first start', () => first.output().includes('listening on'), 40_000);
      const lines = first
        .output()
        .split('\n')
        .filter((line) => line.includes('Initial administrator created'));
      expect(lines).toHaveLength(1);
      const { password } = JSON.parse(lines[0]);
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(first.output()).toContain('POST /api/v1/users/me/password');
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      first.child.kill('SIGTERM');
      await first.exited;

      const second = spawnApp(env);
      await waitUntil('the second start', () => second.output().includes('listening on'), 40_000);
      expect(second.output()).not.toContain('Initial administrator created');
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await dropDatabase(database);
    }
  });
});
