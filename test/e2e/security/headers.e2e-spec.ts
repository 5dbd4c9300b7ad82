import { startTestApp, TestApp } from '../../utils/test-app';

describe('security headers and CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://crm.gxzf.gov.cn' });
  });
  afterAll(() => t.close());

  it('sends the usual security headers', async () => {
    const res = await t.request({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows cross-origin calls from the configured origins only', async () => {
    const preflight = (origin: string) =>
      t.request(
        { method: 'OPTIONS', url: '/api/v1/regions', headers: { origin, 'access-control-request-method': 'GET' } },
        null,
      );
    const allowed = await preflight('https://crm.gxzf.gov.cn');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.gxzf.gov.cn');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
