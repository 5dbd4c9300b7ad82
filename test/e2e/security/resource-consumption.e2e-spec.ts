import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../src/core/common/pagination';
import { startTestApp, TestApp } from '../../utils/test-app';

// OWASP API4 (unrestricted resource consumption) for lists and bodies. Sign-in throttling is in the auth tests and
// the import limits in the import tests.
describe('OWASP API4: bounded lists and bodies', () => {
  let t: TestApp;
  let listRoutes: string[];
  /** List routes that need other query parameters (a date range, a dimension) before they list anything. */
  let needParameters: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await t.request({ method: 'GET', url: '/api/docs-json' })).json();
    listRoutes = Object.entries<Record<string, { parameters?: Array<{ in: string; name: string }> }>>(document.paths)
      .filter(
        ([path, operations]) =>
          !path.includes('{') &&
          operations.get?.parameters?.some((parameter) => parameter.in === 'query' && parameter.name === 'limit'),
      )
      .map(([path]) => path);
    needParameters = listRoutes.filter((path) =>
      document.paths[path].get.parameters.some((parameter: { required?: boolean }) => parameter.required),
    );
  });
  afterAll(() => t.close());

  it('finds the list routes in the document', () => {
    expect(listRoutes.length).toBeGreaterThanOrEqual(15);
    expect(listRoutes).toEqual(
      expect.arrayContaining([
        '/api/v1/leads',
        '/api/v1/companies',
        '/api/v1/audit',
        '/api/v1/visits',
        '/api/v1/tasks',
      ]),
    );
  });

  it('caps every list at 200 items a page, answering a larger limit with 400 naming it', async () => {
    const failures: string[] = [];
    for (const path of listRoutes) {
      const tooMany = await t.request({ method: 'GET', url: `${path}?limit=${MAX_PAGE_SIZE + 1}` });
      const details = tooMany.statusCode === 400 ? (tooMany.json().details as Array<{ field: string }>) : [];
      if (!details.some((detail) => detail.field === 'limit'))
        failures.push(`${path}?limit=${MAX_PAGE_SIZE + 1} → ${tooMany.statusCode}`);
      const huge = await t.request({ method: 'GET', url: `${path}?limit=99999999999999999999` });
      if (huge.statusCode !== 400) failures.push(`${path}?limit=1e20 → ${huge.statusCode}`);
      // The .xlsx export takes the list's filters but streams every row the caller sees, row by row, in bounded memory.
      if (path === '/api/v1/leads/export' || needParameters.includes(path)) continue;
      const page = await t.request({ method: 'GET', url: path });
      if (
        page.statusCode !== 200 ||
        !Array.isArray(page.json().items) ||
        page.json().items.length > DEFAULT_PAGE_SIZE
      ) {
        failures.push(`${path} default page → ${page.statusCode}, ${page.json().items?.length} items`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a JSON body over 1 MB with 413 before reading it, on every kind of write', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    for (const [method, url] of [
      ['POST', '/api/v1/companies'],
      ['PATCH', '/api/v1/leads/1'],
      ['PUT', '/api/v1/targets/2026'],
    ] as const) {
      const res = await t.request({ method, url, payload: big, headers: { 'content-type': 'application/json' } });
      expect({ method, url, status: res.statusCode, code: res.json().code }).toEqual({
        method,
        url,
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
    }
  });
});
