import SwaggerParser from '@apidevtools/swagger-parser';
import { discoverRoutes } from '../../utils/routes';
import { startTestApp, TestApp } from '../../utils/test-app';

describe('API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3 document at /api/docs-json covering every route', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/audit',
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/me',
        '/api/v1/auth/refresh',
        '/api/v1/clusters',
        '/api/v1/clusters/{code}',
        '/api/v1/regions',
        '/api/v1/regions/{code}',
        '/api/v1/users',
        '/api/v1/users/me/password',
        '/api/v1/users/{id}',
        '/health/live',
        '/health/ready',
        '/api/v1/companies',
        '/api/v1/companies/{id}',
        '/api/v1/chambers',
        '/api/v1/chambers/{id}',
        '/api/v1/leads',
        '/api/v1/leads/{id}',
        '/api/v1/leads/{id}/transitions',
        '/api/v1/leads/{id}/notes',
        '/api/v1/leads/{id}/funds',
        '/api/v1/leads/{id}/timeline',
        '/api/v1/leads/import',
        '/api/v1/leads/import/template',
        '/api/v1/leads/export',
        '/api/v1/imports/{id}',
        '/api/v1/teams',
        '/api/v1/teams/{id}',
        '/api/v1/teams/{id}/summary',
        '/api/v1/visits',
        '/api/v1/visits/calendar',
        '/api/v1/visits/{id}',
        '/api/v1/intelligence',
      ]),
    );
    expect(document.components.schemas.ErrorBodyDto.properties).toHaveProperty('requestId');
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    expect(document.paths['/api/v1/users'].get.security).toEqual([{ bearer: [] }]);
  });

  // OWASP API9 (improper inventory management): the document is the inventory, so it lists exactly what is served.
  it('documents every route the controllers serve, and no route they do not', async () => {
    const document = (await t.request({ method: 'GET', url: '/api/docs-json' })).json();
    const documented = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    const served = discoverRoutes(t.app).map((route) => route.documented);
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((route) => !documented.includes(route)).sort()).toEqual([]);
    expect(documented.filter((route) => !served.includes(route)).sort()).toEqual([]);
    // One version of the API is served; nothing answers under another.
    expect(documented.every((route) => route.includes(' /api/v1/') || route.includes(' /health/'))).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/v2/regions' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v0/regions' })).statusCode).toBe(404);
  });

  it('serves the interactive documentation at /api/docs', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
