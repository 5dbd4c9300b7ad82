import { startTestApp, TestApp } from '../../utils/test-app';

// Every error, wherever it arises, has the docs/api.md "Errors" body: {statusCode, code, message, details?, requestId}.
describe('error contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectErrorBody = (res: { statusCode: number; json: () => any }, statusCode: number, code: string) => {
    expect(res.statusCode).toBe(statusCode);
    const body = res.json();
    expect(body).toMatchObject({ statusCode, code, message: expect.any(String), requestId: expect.any(String) });
    expect(
      Object.keys(body).every((key) => ['statusCode', 'code', 'message', 'details', 'requestId'].includes(key)),
    ).toBe(true);
    return body;
  };

  it('answers unknown routes with a JSON 404', async () => {
    const body = expectErrorBody(await t.request({ method: 'GET', url: '/api/v1/no-such-thing' }), 404, 'NOT_FOUND');
    expect(body.message).toContain('/api/v1/no-such-thing');
    expectErrorBody(await t.request({ method: 'DELETE', url: '/api/v1/regions/450000' }), 404, 'NOT_FOUND');
  });

  it('answers a malformed URL with the same body', async () => {
    const body = expectErrorBody(
      await t.request({ method: 'GET', url: '/api/v1/users/%zz' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.message).toMatch(/URL/i);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
  });

  it('answers a body that is not JSON with 415 and writes nothing', async () => {
    const companies = (await t.request({ method: 'GET', url: '/api/v1/companies?withTotal=true&limit=1' })).json()
      .total;
    for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/companies',
        headers: { 'content-type': contentType },
        payload: '{"name":"纯文本公司"}',
      });
      expect({ contentType, status: res.statusCode, code: res.json().code }).toEqual({
        contentType,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/companies?withTotal=true&limit=1' })).json().total).toBe(
      companies,
    );
  });

  it('answers bodies over 1 MB with 413', async () => {
    const payload = JSON.stringify({ summary: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    const body = expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(body.message).toContain('1 MB');
  });

  it('rejects unknown and malformed query parameters, naming each field', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/regions?limit=500&level=village&sort=name' });
    const body = expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'limit', constraint: 'max' }),
        expect.objectContaining({ field: 'level', constraint: 'isIn' }),
        expect.objectContaining({ field: 'sort', constraint: 'whitelistValidation' }),
      ]),
    );
    expect(body.message).toContain('limit');
  });

  it.each([['0'], ['abc'], ['1.5'], ['-3']])('rejects limit=%s', async (limit) => {
    const body = expectErrorBody(
      await t.request({ method: 'GET', url: `/api/v1/regions?limit=${limit}` }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.details[0].field).toBe('limit');
  });
});
