import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { webAppDirectory } from '../../../src/core/web/web-app';
import { startTestApp, type TestApp } from '../../utils/test-app';

// The built web app (npm test builds it first) is served at / beside the API: history-mode routes fall back to
// index.html, hashed assets are cached for good, and the API's unknown routes keep the API's JSON 404.
describe('web app serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(['/', '/login', '/leads/42', '/settings?tab=targets'])(
    'GET %s answers the app shell, never cached',
    async (url) => {
      const res = await t.request({ method: 'GET', url }, null);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="app">');
      expect(res.body).toContain('lang="zh-CN"');
    },
  );

  it('serves hashed assets with a long cache life', async () => {
    const asset = readdirSync(join(webAppDirectory(), 'assets')).find((name) => name.endsWith('.js'))!;
    const res = await t.request({ method: 'GET', url: `/assets/${asset}` }, null);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each(['/api/v1/no-such-thing', '/api/docs/nothing-here', '/health/nothing'])(
    'GET %s keeps the API 404 body',
    async (url) => {
      const res = await t.request({ method: 'GET', url }, null);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(res.json().requestId).toEqual(expect.any(String));
    },
  );

  it('a missing asset is a 404, not the app shell', async () => {
    const res = await t.request({ method: 'GET', url: '/assets/missing-0000.js' }, null);
    expect(res.statusCode).toBe(404);
  });
});
