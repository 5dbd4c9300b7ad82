import SwaggerParser from '@apidevtools/swagger-parser';
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

  it('serves the interactive documentation at /api/docs', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
