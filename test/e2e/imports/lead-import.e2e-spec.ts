import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { ImportReconciler } from '../../../src/modules/imports/import-reconciler';
import { ImportsRepository } from '../../../src/modules/imports/imports.repository';
import { MAX_EXPORTS_PER_WINDOW } from '../../../src/modules/imports/lead-export.service';
import { MAX_UNFINISHED_IMPORTS, MAX_UPLOADS_PER_WINDOW } from '../../../src/modules/imports/lead-import.service';
import { startTestApp, TestApp } from '../../utils/test-app';
import { multipartFile } from '../../utils/multipart';
import { createLead, randomCreditCode } from '../../utils/records';
import { waitUntil } from '../../utils/spawned-app';
import { createSignedInUser, TestUser } from '../../utils/users';

const HEADERS = [
  '企业名称*',
  '统一社会信用代码',
  '企业性质*',
  '企业来源地代码',
  '项目名称*',
  '产业集群*',
  '预计投资额(亿元)',
  '线索来源*',
  '引荐商会',
  '项目类别',
  '下次跟进时间',
];

async function xlsx(rows: Array<Array<string | number | Date | null>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('项目线索');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) =>
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((value) =>
          value === null || value === undefined ? '' : String(value instanceof Date ? value.toISOString() : value),
        ),
    ),
  );
  return rows;
}

describe('lead import and export', () => {
  let t: TestApp;
  let officer: TestUser;
  const stamp = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createSignedInUser(t, 'officer', '450200');
    await t.request({
      method: 'POST',
      url: '/api/v1/chambers',
      payload: { name: `导入测试商会${stamp}`, kind: 'chamber', regionCode: '440300' },
    });
  });
  afterAll(() => t.close());

  const upload = (fileName: string, content: Buffer, token = officer.token) => {
    const { payload, headers } = multipartFile(fileName, content);
    return t.request({ method: 'POST', url: '/api/v1/leads/import', payload, headers }, token);
  };
  const finished = async (importId: string, token = officer.token) => {
    let status: Record<string, any> = {};
    await waitUntil(`import ${importId}`, async () => {
      status = (await t.request({ method: 'GET', url: `/api/v1/imports/${importId}` }, token)).json();
      return status.status === 'done' || status.status === 'failed';
    });
    return status;
  };
  const count = async (q: string) =>
    (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(q)}&withTotal=true&limit=200` },
        officer.token,
      )
    ).json().total;

  it('serves a template with Chinese headers and the accepted values', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/leads/import/template' }, officer.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [headers, example] = await readXlsx(res.rawPayload);
    expect(headers).toEqual(
      expect.arrayContaining([
        '企业名称*',
        '统一社会信用代码',
        '项目名称*',
        '产业集群*',
        '预计投资额(亿元)',
        '线索来源*',
        '引荐商会',
      ]),
    );
    expect(example).toContain('电子信息');
  });

  it('imports good rows, reports bad ones by row and column, and creates nothing new on re-import', async () => {
    const file = await xlsx([
      [
        `导入甲${stamp}有限公司`,
        randomCreditCode(),
        '民企',
        '440300',
        `导入甲项目${stamp}`,
        '电子信息',
        12.5,
        '政府对接',
        null,
        '5个50·500强项目、双百双新·计划年内开工',
        '2026-12-01',
      ],
      [`Import Beta ${stamp} Ltd`, null, '外企', '810000', `导入乙项目${stamp}`, 'auto', '3', '展会', null, null, null],
      [
        `导入丙${stamp}有限公司`,
        '91350100M000100Y44',
        '民企',
        null,
        `导入丙项目${stamp}`,
        '电子信息',
        1,
        '其他',
        null,
        null,
        null,
      ],
      [
        `导入丁${stamp}有限公司`,
        randomCreditCode(),
        '民企',
        null,
        `导入丁项目${stamp}`,
        '航天',
        'abc',
        '其他',
        null,
        null,
        null,
      ],
      [`导入戊${stamp}有限公司`, randomCreditCode(), '民企', null, null, '汽车', 1, '其他', null, null, null],
      [
        `导入己${stamp}有限公司`,
        randomCreditCode(),
        '央企',
        null,
        `导入己项目${stamp}`,
        '金属新材料',
        8,
        '商会/协会',
        `导入测试商会${stamp}`,
        null,
        null,
      ],
    ]);
    const accepted = await upload('线索.xlsx', file);
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ status: 'queued', total: 6 });

    const status = await finished(accepted.json().importId);
    expect(status).toMatchObject({
      status: 'done',
      total: 6,
      processed: 6,
      created: 3,
      updated: 0,
      failed: 3,
      progress: 1,
      failureCode: null,
    });
    // The import's own checks answer Chinese; a rule of the API keeps its English message and names its constraint.
    expect(status.errors).toEqual([
      {
        row: 4,
        column: '统一社会信用代码',
        message: expect.stringContaining('check character'),
        constraint: 'isCreditCode',
      },
      { row: 5, column: '产业集群', message: expect.stringContaining('航天') },
      { row: 5, column: '预计投资额(亿元)', message: expect.any(String) },
      { row: 6, column: '项目名称', message: expect.any(String), constraint: expect.any(String) },
    ]);
    expect(await count(`导入甲项目${stamp}`)).toBe(1);
    expect(await count(`导入丙项目${stamp}`)).toBe(0);
    const chamberLead = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(`导入己项目${stamp}`)}` },
        officer.token,
      )
    ).json().items[0];
    expect(chamberLead).toMatchObject({
      regionCode: '450200',
      source: { kind: 'chamber', chamberId: expect.any(String) },
      ownership: 'central_soe',
    });
    const first = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(`导入甲项目${stamp}`)}` },
        officer.token,
      )
    ).json().items[0];
    expect(first).toMatchObject({
      expectedInvestment: 12.5,
      categories: ['five50_top500', 'sbsx_construction'],
      nextFollowUpAt: '2026-12-01T01:00:00.000Z',
    });

    const again = await finished((await upload('线索.xlsx', file)).json().importId);
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, failed: 3 });
    expect(await count(stamp)).toBe(3);
  });

  it('creates each company and project once when the same file is imported three times at once', async () => {
    const race = `并发${stamp}`;
    // The import worker runs two jobs at once, so at least two of these race on every company. Half are found by
    // credit code, half (foreign, no code) by their normalised name.
    const rows = Array.from({ length: 20 }, (_, index) => [
      `${race}企业${index}有限公司`,
      index % 2 === 0 ? randomCreditCode() : null,
      index % 2 === 0 ? '民企' : '外企',
      '440300',
      `${race}项目${index}`,
      '电子信息',
      2,
      '其他',
      null,
      null,
      null,
    ]);
    const file = await xlsx(rows);
    const accepted = await Promise.all([1, 2, 3].map(() => upload('并发.xlsx', file)));
    expect(accepted.map((res) => res.statusCode)).toEqual([202, 202, 202]);
    const outcomes = await Promise.all(accepted.map((res) => finished(res.json().importId)));
    expect(outcomes.map((status) => status.status)).toEqual(['done', 'done', 'done']);
    expect(outcomes.map((status) => status.failed)).toEqual([0, 0, 0]);
    expect(outcomes.reduce((sum, status) => sum + status.created, 0)).toBe(20);
    expect(await count(race)).toBe(20);
    const companies = (
      await t.request(
        { method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(race)}&withTotal=true&limit=100` },
        officer.token,
      )
    ).json();
    expect(companies.total).toBe(20);
  });

  it('updates the matching project when a re-imported row changes it', async () => {
    const name = `导入更新${stamp}有限公司`;
    const code = randomCreditCode();
    const row = (amount: number) => [
      name,
      code,
      '民企',
      null,
      `导入更新项目${stamp}`,
      'light',
      amount,
      '其他',
      null,
      null,
      null,
    ];
    await finished((await upload('a.xlsx', await xlsx([row(5)]))).json().importId);
    const updated = await finished((await upload('b.xlsx', await xlsx([row(7)]))).json().importId);
    expect(updated).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const lead = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(`导入更新项目${stamp}`)}` },
        officer.token,
      )
    ).json().items[0];
    expect(lead.expectedInvestment).toBe(7);
  });

  it('reads CSV too', async () => {
    const csv = `\uFEFF${HEADERS.join(',')}\n导入CSV${stamp}有限公司,${randomCreditCode()},民企,,导入CSV项目${stamp},calcium,2,inbound,,,\n`;
    const status = await finished((await upload('leads.csv', Buffer.from(csv))).json().importId);
    expect(status).toMatchObject({ created: 1, failed: 0 });
  });

  it('refuses files that are not the template, naming the file field', async () => {
    const wrongColumns = await upload(
      'x.xlsx',
      await (async () => {
        const workbook = new ExcelJS.Workbook();
        workbook.addWorksheet('s').addRow(['名称', '金额']);
        return Buffer.from(await workbook.xlsx.writeBuffer());
      })(),
    );
    expect(wrongColumns.statusCode).toBe(400);
    expect(wrongColumns.json().details[0]).toMatchObject({ field: 'file' });
    expect(wrongColumns.json().message).toContain('企业名称');
    const wrongType = await upload('x.pdf', Buffer.from('%PDF'));
    expect(wrongType.json().details[0]).toMatchObject({ field: 'file', constraint: 'isSpreadsheet' });
    const corrupt = await upload('x.xlsx', Buffer.from('not a zip at all'));
    expect(corrupt.statusCode).toBe(400);
    const notMultipart = await t.request(
      { method: 'POST', url: '/api/v1/leads/import', payload: { file: 'x' } },
      officer.token,
    );
    expect(notMultipart.statusCode).toBe(415);
    const resident = await createSignedInUser(t, 'resident', '450200');
    expect((await upload('x.xlsx', Buffer.from('x'), resident.token)).statusCode).toBe(403);
  });

  it('keeps other users away from an import’s status', async () => {
    const accepted = (
      await upload(
        'c.xlsx',
        await xlsx([
          [
            `导入隐私${stamp}有限公司`,
            randomCreditCode(),
            '民企',
            null,
            `导入隐私项目${stamp}`,
            'light',
            1,
            '其他',
            null,
            null,
            null,
          ],
        ]),
      )
    ).json();
    const other = await createSignedInUser(t, 'officer', '450100');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/imports/${accepted.importId}` }, other.token)).statusCode,
    ).toBe(404);
    const manager = await createSignedInUser(t, 'manager', '450200');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/imports/${accepted.importId}` }, manager.token)).statusCode,
    ).toBe(200);
  });

  it('limits each user to 3 unfinished imports and 60 uploads in 10 minutes, with 429 and Retry-After', async () => {
    const busy = await createSignedInUser(t, 'officer', '450200', 'busy-importer');
    const imports = t.app.get(ImportsRepository);
    // Three imports of theirs still waiting (no job: nothing runs them during the test).
    const waiting = [];
    for (let index = 0; index < MAX_UNFINISHED_IMPORTS; index++) {
      waiting.push(
        await imports.create({
          kind: 'leads',
          fileName: `waiting-${index}.xlsx`,
          userId: busy.id,
          regionCode: '450200',
          cityCode: '450200',
        }),
      );
    }
    const file = await xlsx([
      [
        `限流${stamp}有限公司`,
        randomCreditCode(),
        '民企',
        null,
        `限流项目${stamp}`,
        'light',
        1,
        '其他',
        null,
        null,
        null,
      ],
    ]);
    const refused = await upload('d.xlsx', file, busy.token);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('3 imports waiting or running'),
    });
    expect(refused.headers['retry-after']).toBe('30');
    expect(await count(`限流项目${stamp}`)).toBe(0);
    // Another user is not held up by them.
    expect(await finished((await upload('d.xlsx', file)).json().importId)).toMatchObject({ status: 'done' });
    // With one slot left, uploads sent at the same moment get at most that slot.
    await imports.setStatus(waiting.pop()!, 'done');
    const parallel = await Promise.all([1, 2, 3].map(() => upload('d.xlsx', file, busy.token)));
    expect(parallel.filter((res) => res.statusCode === 202).length).toBeLessThanOrEqual(1);
    expect(parallel.filter((res) => res.statusCode !== 202).every((res) => res.statusCode === 429)).toBe(true);
    for (const res of parallel.filter((answer) => answer.statusCode === 202))
      await finished(res.json().importId, busy.token);
    for (const importId of waiting) await imports.setStatus(importId, 'done');
    expect(await finished((await upload('d.xlsx', file, busy.token)).json().importId, busy.token)).toMatchObject({
      status: 'done',
    });

    // Uploads are counted before the file is read: files that are refused count too.
    const flooder = await createSignedInUser(t, 'officer', '450200', 'flooder');
    const answers: number[] = [];
    for (let attempt = 0; attempt < MAX_UPLOADS_PER_WINDOW + 2; attempt++)
      answers.push((await upload('x.csv', Buffer.from('not,the,template\r\n'), flooder.token)).statusCode);
    expect(answers.slice(0, MAX_UPLOADS_PER_WINDOW).every((status) => status === 400)).toBe(true);
    expect(answers.slice(MAX_UPLOADS_PER_WINDOW)).toEqual([429, 429]);
    const limited = await upload('x.csv', Buffer.from('x'), flooder.token);
    expect(limited.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('60 uploads in 10 minutes'),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
  });

  it('limits each user to 20 exports in 10 minutes', async () => {
    const exporter = await createSignedInUser(t, 'officer', '450200', 'exporter');
    const answers: number[] = [];
    for (let attempt = 0; attempt < MAX_EXPORTS_PER_WINDOW + 1; attempt++) {
      answers.push(
        (await t.request({ method: 'GET', url: '/api/v1/leads/export?stage=signed' }, exporter.token)).statusCode,
      );
    }
    expect(answers.slice(0, MAX_EXPORTS_PER_WINDOW).every((status) => status === 200)).toBe(true);
    const limited = await t.request({ method: 'GET', url: '/api/v1/leads/export' }, exporter.token);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('More than 20 exports in 10 minutes'),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
    // Another user's exports are counted apart.
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/leads/export?stage=signed' }, officer.token)).statusCode,
    ).toBe(200);
  });

  it('re-queues an unfinished import whose job was lost from Redis, so it still completes', async () => {
    const imports = t.app.get(ImportsRepository);
    const importId = await imports.create({
      kind: 'leads',
      fileName: 'lost.xlsx',
      userId: officer.id,
      regionCode: '450200',
      cityCode: '450200',
    });
    await imports.stageRows(importId, [
      {
        rowNumber: 2,
        cells: {
          企业名称: `丢失任务${stamp}有限公司`,
          统一社会信用代码: randomCreditCode(),
          企业性质: '民企',
          项目名称: `丢失任务项目${stamp}`,
          产业集群: 'light',
          线索来源: '其他',
        },
      },
    ]);
    await imports.setTotal(importId, 1);
    // No job was ever queued, as after a Redis flush; and nothing touched the import for a while.
    await t.app
      .get(DataSource)
      .query('UPDATE imports SET updated_at = ? WHERE id = ?', [new Date(Date.now() - 10 * 60_000), importId]);
    const reconciler = t.app.get(ImportReconciler);
    expect(await reconciler.reconcile()).toContain(importId);
    expect(await finished(importId)).toMatchObject({ status: 'done', created: 1 });
    expect(await reconciler.reconcile()).not.toContain(importId);
  });

  it('exports what the caller may see as .xlsx, with formula-looking text neutralised', async () => {
    await createLead(t, { title: `=HYPERLINK("http://evil.example","点我")${stamp}` }, officer.token);
    const elsewhere = await createSignedInUser(t, 'officer', '450300');
    await createLead(t, { title: `外市项目${stamp}` }, elsewhere.token);
    const res = await t.request(
      { method: 'GET', url: `/api/v1/leads/export?q=${encodeURIComponent(stamp)}` },
      officer.token,
    );
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['企业名称', '项目名称', '阶段', '预计投资额(亿元)']));
    const titles = rows.slice(1).map((row) => row[3]);
    expect(titles).toContain(`'=HYPERLINK("http://evil.example","点我")${stamp}`);
    expect(titles.some((title) => title.startsWith('='))).toBe(false);
    expect(titles).not.toContain(`外市项目${stamp}`);
    const bad = await t.request({ method: 'GET', url: '/api/v1/leads/export?stage=won' }, officer.token);
    expect(bad.statusCode).toBe(400);
  });
});
