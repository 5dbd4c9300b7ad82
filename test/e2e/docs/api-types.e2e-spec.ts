import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TYPES_FILE, renderApiTypes } from '../../../tools/api-types/render-api-types';
import { startTestApp, TestApp } from '../../utils/test-app';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
}

describe('the web app’s generated API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  let document: OpenApiDocument;
  beforeAll(async () => {
    document = (await t.request({ method: 'GET', url: '/api/docs-json' })).json();
  });

  it('are generated from a document that describes every success body', () => {
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const successes = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (successes.length === 0) undescribed.push(`${method} ${path}: no 2xx response`);
        for (const [status, response] of successes) {
          if (status === '204') continue;
          const bodies = Object.values(response.content ?? {});
          if (bodies.length === 0 || bodies.some((body) => !body.schema)) {
            undescribed.push(`${method} ${path}: ${status} has no body schema`);
          }
        }
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('match the live OpenAPI document', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', API_TYPES_FILE), 'utf8');
    const fresh = await renderApiTypes(document);
    if (fresh !== committed) throw new Error(`${API_TYPES_FILE} is stale: run npm run api:types`);
  });
});
