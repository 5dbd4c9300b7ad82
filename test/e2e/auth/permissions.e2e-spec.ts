import { discoverRoutes, RouteDeclaration } from '../../utils/routes';
import { startTestApp, TestApp } from '../../utils/test-app';

// Deny by default: every route declares who may call it, and only sign-in, refresh and health are public.
describe('route permissions', () => {
  let t: TestApp;
  let routes: RouteDeclaration[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = discoverRoutes(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(14);
  });

  it('has a permission declaration on every route that is not public', () => {
    const undeclared = routes
      .filter((route) => !route.isPublic && (!route.roles || route.roles.length === 0))
      .map((route) => route.route);
    expect(undeclared).toEqual([]);
  });

  it('keeps the public routes to sign-in, refresh, health and the calendar feed (its token is the key)', () => {
    expect(
      routes
        .filter((route) => route.isPublic)
        .map((route) => route.route)
        .sort(),
    ).toEqual(
      ['GET /calendar/:file', 'GET /health/live', 'GET /health/ready', 'POST /auth/login', 'POST /auth/refresh'].sort(),
    );
  });

  it('answers 401 UNAUTHENTICATED on every documented non-public route without a token', async () => {
    const document = (await t.request({ method: 'GET', url: '/api/docs-json' }, null)).json();
    const publicPaths = [
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/health/live',
      '/health/ready',
      '/api/v1/calendar/{file}',
    ];
    let checked = 0;
    for (const [path, operations] of Object.entries<Record<string, unknown>>(document.paths)) {
      if (publicPaths.includes(path)) continue;
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await t.request(
          { method: method.toUpperCase() as 'GET', url, payload: method === 'get' ? undefined : {} },
          null,
        );
        expect({ route: `${method} ${path}`, status: res.statusCode, code: res.json().code }).toEqual({
          route: `${method} ${path}`,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('rejects a malformed or forged token the same way', async () => {
    for (const token of ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwic2lkIjoieCJ9.c2lnbmF0dXJl']) {
      const res = await t.request({ method: 'GET', url: '/api/v1/regions' }, token);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses the administrator’s own claims unsigned (alg none), re-signed with another key or algorithm, or altered', async () => {
    const [header, payload, signature] = t.adminToken.split('.');
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgeries = {
      'alg none, no signature': `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg none, old signature': `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
      'HS512 with the same signature': `${encode({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
      'role changed, signature kept': `${header}.${encode({ ...claims, role: 'admin', sub: '1', exp: claims.exp + 3600 })}.${signature}`,
      'signature of another key': `${header}.${payload}.${Buffer.from('a'.repeat(32)).toString('base64url')}`,
    };
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    for (const [forgery, token] of Object.entries(forgeries)) {
      const res = await t.request({ method: 'GET', url: '/api/v1/auth/me' }, token);
      expect({ forgery, status: res.statusCode, code: res.json().code }).toEqual({
        forgery,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });
});
