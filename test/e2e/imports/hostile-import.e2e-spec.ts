import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { DataSource } from 'typeorm';
import { IMPORT_FILE_LIMIT_BYTES } from '../../../src/bootstrap';
import { loadConfig } from '../../../src/core/config/app-config';
import { deleteRedisKeys } from '../../utils/redis-keys';
import { startTestApp, TestApp } from '../../utils/test-app';
import { multipartFile } from '../../utils/multipart';
import { randomCreditCode } from '../../utils/records';
import { waitUntil } from '../../utils/spawned-app';
import { createSignedInUser, TestUser } from '../../utils/users';

// Issue 12, hostile input, imports: corrupt, huge and formula-laden .xlsx/.csv files. A file that cannot be read is
// refused whole (a 4xx naming the file, nothing staged or created); a readable file imports its good rows and
// reports each bad one by row and column. Formulas are never evaluated: formula-looking text is stored as text.
const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? 20_260_212);

/** The template's columns this suite fills, by field; the header is the column's name (* marks required ones). */
const COLUMNS = {
  companyName: '企业名称',
  creditCode: '统一社会信用代码',
  ownership: '企业性质',
  originRegionCode: '企业来源地代码',
  title: '项目名称',
  clusterCode: '产业集群',
  expectedInvestment: '预计投资额(亿元)',
  sourceKind: '线索来源',
  sourceNote: '来源说明',
  nextFollowUpAt: '下次跟进时间',
} as const;
type Field = keyof typeof COLUMNS;
const FIELDS = Object.keys(COLUMNS) as Field[];
const REQUIRED: Field[] = ['companyName', 'ownership', 'title', 'clusterCode', 'sourceKind'];
const HEADERS = FIELDS.map((field) => `${COLUMNS[field]}${REQUIRED.includes(field) ? '*' : ''}`);
type Cell = string | number | ExcelJS.CellFormulaValue | null;
type Row = Record<Field, Cell>;

async function xlsx(rows: Row[], headers = HEADERS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('项目线索');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(FIELDS.map((field) => row[field]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(value: Cell): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(row: Row): string {
  return FIELDS.map((field) => csvField(row[field])).join(',');
}

function csv(rows: Row[], { bom = false, lineEnd = '\n' } = {}): Buffer {
  const lines = [HEADERS.join(','), ...rows.map(csvLine)];
  return Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join(lineEnd)}${lineEnd}`);
}

/** A zip archive with stored (uncompressed) entries: enough to hand the reader a zip that is not a workbook. */
function storedZip(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    directory.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directorySize = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(directory.length / 2, 8);
  end.writeUInt16LE(directory.length / 2, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

/** Text as GBK bytes, the encoding Excel on a Chinese Windows saves CSV in (Node decodes GBK but has no encoder). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (!table.has(character)) table.set(character, [lead, trail]);
    }
  }
  return Buffer.from(
    [...text].flatMap((character) =>
      character.charCodeAt(0) < 0x80 ? [character.charCodeAt(0)] : (table.get(character) ?? [0x3f]),
    ),
  );
}

/** A cell value to try in one column, and whether the row must fail on that column. */
interface Mutation {
  name: string;
  field: Field;
  value: (unique: string) => Cell;
  fails: boolean;
}

// Formula-looking text is data: it is stored as typed (and the export neutralises it, see lead-import.e2e-spec).
const FORMULA_TEXT: Mutation[] = [
  { name: 'equals formula', field: 'title', value: (u) => `=1+1 ${u}`, fails: false },
  {
    name: 'hyperlink formula',
    field: 'title',
    value: (u) => `=HYPERLINK("http://evil.example","点我")${u}`,
    fails: false,
  },
  { name: 'at formula', field: 'title', value: (u) => `@SUM(A1:A9)${u}`, fails: false },
  { name: 'dde payload', field: 'title', value: (u) => `+cmd|' /C calc'!A0 ${u}`, fails: false },
  { name: 'minus formula', field: 'title', value: (u) => `-2+3 ${u}`, fails: false },
  {
    name: 'formula in a note',
    field: 'sourceNote',
    value: () => '=HYPERLINK("http://evil.example","点我")',
    fails: false,
  },
];
const MUTATIONS: Mutation[] = [
  ...FORMULA_TEXT,
  {
    name: 'sql in a company name',
    field: 'companyName',
    value: (u) => `注入'); DROP TABLE leads; --${u}有限公司`,
    fails: false,
  },
  { name: 'script in a title', field: 'title', value: (u) => `<script>alert(1)</script>${u}`, fails: false },
  { name: 'rtl and emoji in a title', field: 'title', value: (u) => `\u202Etxt.exe 👩‍👩‍👧‍👦 ${u}`, fails: false },
  { name: 'huge title', field: 'title', value: () => 'x'.repeat(100_000), fails: true },
  { name: 'huge company name', field: 'companyName', value: () => '企'.repeat(10_000), fails: true },
  { name: 'formula as an amount', field: 'expectedInvestment', value: () => '=1+1', fails: true },
  { name: 'text amount', field: 'expectedInvestment', value: () => 'abc', fails: true },
  { name: 'negative amount', field: 'expectedInvestment', value: () => '-5', fails: true },
  { name: 'enormous amount', field: 'expectedInvestment', value: () => '1e308', fails: true },
  { name: 'impossible date', field: 'nextFollowUpAt', value: () => '2026-02-30', fails: true },
  { name: 'five-digit year', field: 'nextFollowUpAt', value: () => '99999-01-01', fails: true },
  { name: 'five-digit region', field: 'originRegionCode', value: () => '45010', fails: true },
  { name: 'unknown region', field: 'originRegionCode', value: () => '999999', fails: true },
  { name: 'bad check character', field: 'creditCode', value: () => '91350100M000100Y44', fails: true },
  { name: 'unknown cluster', field: 'clusterCode', value: () => '航天', fails: true },
  { name: 'sql as ownership', field: 'ownership', value: () => "' OR 1=1 --", fails: true },
  { name: 'missing source', field: 'sourceKind', value: () => null, fails: true },
];

describe('hostile lead import files', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: TestUser;
  const stamp = Date.now().toString(36);
  let sequence = 0;

  const goodRow = (): Row => {
    const unique = `${stamp}x${++sequence}`;
    return {
      companyName: `敌意导入${unique}有限公司`,
      creditCode: randomCreditCode(),
      ownership: '民企',
      originRegionCode: '440300',
      title: `敌意导入项目${unique}`,
      clusterCode: '电子信息',
      expectedInvestment: 3,
      sourceKind: '政府对接',
      sourceNote: null,
      nextFollowUpAt: '2026-12-01',
    };
  };

  const upload = (fileName: string, content: Buffer) => {
    const { payload, headers } = multipartFile(fileName, content);
    return t.request({ method: 'POST', url: '/api/v1/leads/import', payload, headers }, officer.token);
  };
  const finished = async (importId: string) => {
    let status: Record<string, any> = {};
    await waitUntil(
      `import ${importId}`,
      async () => {
        status = (await t.request({ method: 'GET', url: `/api/v1/imports/${importId}` }, officer.token)).json();
        return status.status === 'done' || status.status === 'failed';
      },
      50_000,
    );
    return status;
  };
  const counts = async () => {
    const [row] = await db.query(
      'SELECT (SELECT COUNT(*) FROM companies) AS companies, (SELECT COUNT(*) FROM leads) AS leads, (SELECT COUNT(*) FROM imports) AS imports, (SELECT COUNT(*) FROM import_rows) AS importRows, (SELECT COUNT(*) FROM audit_log) AS audit',
    );
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  };

  /** A whole-file refusal: the status, the docs/api.md "Errors" body naming the file, and nothing staged or created. */
  const expectRefused = async (
    what: string,
    fileName: string,
    content: Buffer,
    status = 400,
  ): Promise<Record<string, any>> => {
    const before = await counts();
    const res = await upload(fileName, content);
    const body = res.json();
    expect({
      what,
      status: res.statusCode,
      shape: {
        statusCode: body.statusCode,
        code: typeof body.code,
        message: typeof body.message,
        requestId: typeof body.requestId,
      },
    }).toEqual({
      what,
      status,
      shape: { statusCode: status, code: 'string', message: 'string', requestId: 'string' },
    });
    if (status === 400) expect({ what, field: body.details?.[0]?.field }).toEqual({ what, field: 'file' });
    expect({ what, counts: await counts() }).toEqual({ what, counts: before });
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    officer = await createSignedInUser(t, 'officer', '450200', 'importer');
  });
  afterAll(() => t.close());
  // Each property sends dozens of files as one officer; the per-user upload limit (60 in 10 minutes) is not what
  // these tests are about, so each starts with a fresh count.
  beforeEach(() => deleteRedisKeys(loadConfig().redis, `${process.env.QUEUE_PREFIX}:import-uploads:${officer.id}`));

  it('refuses random bytes named .xlsx or .csv whole, creating nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        fc.constantFrom('线索.xlsx', 'leads.XLSX'),
        async (bytes, fileName) => {
          await expectRefused('random bytes', fileName, Buffer.from(bytes));
        },
      ),
      { numRuns: 15, seed: SEED },
    );
    // Bytes read as CSV either break its quoting or make one garbled header without the template's columns.
    const body = await expectRefused(
      'random csv',
      'leads.csv',
      Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 7919) % 256)),
    );
    expect(['isReadable', 'templateColumns']).toContain(body.details[0].constraint);
  });

  it('refuses a truncated workbook, a zip that is not a workbook and a workbook without rows', async () => {
    const whole = await xlsx(Array.from({ length: 30 }, goodRow));
    for (const fraction of [0.1, 0.5, 0.9])
      await expectRefused(
        `truncated at ${fraction}`,
        'cut.xlsx',
        whole.subarray(0, Math.floor(whole.length * fraction)),
      );
    await expectRefused('truncated by one byte', 'cut.xlsx', whole.subarray(0, whole.length - 1));
    await expectRefused('zip of a text file', 'zip.xlsx', storedZip({ 'readme.txt': 'not a workbook' }));
    await expectRefused(
      'worksheet of garbage',
      'garbage.xlsx',
      storedZip({ '[Content_Types].xml': '<Types/>', 'xl/worksheets/sheet1.xml': '<<<not xml' }),
    );
    // An entity-expansion bomb in a worksheet must not be expanded.
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`).join('')}]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`;
    await expectRefused(
      'entity bomb',
      'bomb.xlsx',
      storedZip({
        '[Content_Types].xml': '<Types/>',
        'xl/workbook.xml': '<workbook/>',
        'xl/worksheets/sheet1.xml': bomb,
      }),
    );
    await expectRefused('headers only', 'empty.xlsx', await xlsx([]));
    await expectRefused('empty csv', 'empty.csv', Buffer.alloc(0));
  });

  it('refuses a CSV in GBK, with NUL bytes in its header, or with the wrong columns, naming the columns', async () => {
    const row = goodRow();
    const gbkFile = gbk(`${HEADERS.join(',')}\n${csvLine(row)}\n`);
    const wrongEncoding = await expectRefused('gbk csv', 'gbk.csv', gbkFile);
    expect(wrongEncoding.details[0].constraint).toBe('templateColumns');
    const nulHeader = await expectRefused(
      'nul header',
      'nul.csv',
      Buffer.from(`${HEADERS.join('\u0000,')}\n${csvLine(row)}\n`),
    );
    expect(nulHeader.message).toContain('企业名称');
    const unknown = await expectRefused(
      'unknown column',
      'extra.csv',
      Buffer.from(`${HEADERS.join(',')},=cmd|' /C calc'!A0\n`),
    );
    expect(unknown.message).toContain("=cmd|' /C calc'!A0");
  });

  it(`answers a file over the ${IMPORT_FILE_LIMIT_BYTES / 1024 / 1024} MB limit with 413 in the error shape, staging and creating nothing`, async () => {
    // Long notes keep the row count under the 50,000-row limit, so the size limit is what refuses it.
    const note = '说明'.repeat(1_500);
    const line = (index: number) =>
      `超限${stamp}企业${index}有限公司,,外企,,超限项目${index},electronics,1,其他,${note},\n`;
    const rows: string[] = [`${HEADERS.join(',')}\n`];
    let size = rows[0].length;
    for (let index = 0; size <= IMPORT_FILE_LIMIT_BYTES + 1024 * 1024; index++) {
      rows.push(line(index));
      size += Buffer.byteLength(rows[rows.length - 1]);
    }
    const body = await expectRefused('over the limit', 'huge.csv', Buffer.from(rows.join('')), 413);
    expect(body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('30 MB') });
  });

  it('stages a file of very long rows in pieces the database accepts, and reports the rows, not a 5xx', async () => {
    // 200 rows of 90 KB: one 500-row INSERT of these (18 MB) would pass MariaDB's 16 MB packet limit.
    const note = '说'.repeat(30_000);
    const before = await counts();
    const accepted = await upload(
      'long-rows.csv',
      csv(Array.from({ length: 200 }, () => ({ ...goodRow(), sourceNote: note }))),
    );
    expect(accepted.statusCode).toBe(202);
    const status = await finished(accepted.json().importId);
    expect(status).toMatchObject({ status: 'done', total: 200, created: 0, failed: 200 });
    expect(new Set(status.errors.map((error: { column: string }) => error.column))).toEqual(new Set(['来源说明']));
    expect((await counts()).leads).toBe(before.leads);
    // A single row no template column could hold is refused with the file.
    const body = await expectRefused(
      'a 3 MB row',
      'one-row.csv',
      csv([{ ...goodRow(), sourceNote: '长'.repeat(1_000_000) }]),
    );
    expect(body.details[0]).toMatchObject({ constraint: 'maxRowSize', message: expect.stringContaining('row 2') });
  });

  it('imports the good rows of a hostile file and reports each bad one by row and column, nothing partial', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(fc.constantFrom(...MUTATIONS.map((mutation) => mutation.name)), { nil: undefined, freq: 4 }),
          { minLength: 4, maxLength: 10 },
        ),
        fc.constantFrom('xlsx', 'csv'),
        fc.boolean(),
        async (names, format, bomAndCrlf) => {
          const mutations = names.map((name) => MUTATIONS.find((mutation) => mutation.name === name));
          const rows = mutations.map((mutation) => {
            const row = goodRow();
            if (mutation) row[mutation.field] = mutation.value(String(row.title).slice(-12));
            return row;
          });
          const before = await counts();
          const file =
            format === 'xlsx' ? await xlsx(rows) : csv(rows, bomAndCrlf ? { bom: true, lineEnd: '\r\n' } : {});
          const accepted = await upload(`hostile.${format}`, file);
          expect(accepted.statusCode).toBe(202);
          const status = await finished(accepted.json().importId);

          const failing = mutations.flatMap((mutation, index) =>
            mutation?.fails ? [{ row: index + 2, column: COLUMNS[mutation.field] }] : [],
          );
          const good = rows.length - failing.length;
          expect(status).toMatchObject({
            status: 'done',
            total: rows.length,
            created: good,
            updated: 0,
            failed: failing.length,
          });
          // Every bad row is reported on the column it is bad in, with a message; no good row is.
          for (const expected of failing) {
            expect(status.errors).toEqual(
              expect.arrayContaining([expect.objectContaining({ ...expected, message: expect.any(String) })]),
            );
          }
          expect(new Set(status.errors.map((error: { row: number }) => error.row))).toEqual(
            new Set(failing.map((error) => error.row)),
          );
          // Each good row made its own company and lead; a bad row made neither.
          const after = await counts();
          expect({ companies: after.companies - before.companies, leads: after.leads - before.leads }).toEqual({
            companies: good,
            leads: good,
          });

          // Text that looks like a formula or an injection is stored exactly as the cell held it.
          for (const [index, mutation] of mutations.entries()) {
            if (!mutation || mutation.fails || mutation.field !== 'title') continue;
            const title = String(rows[index].title);
            const found = (
              await t.request(
                { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(title.slice(-12))}` },
                officer.token,
              )
            ).json().items;
            expect(found.map((lead: { title: string }) => lead.title)).toContain(title);
          }
        },
      ),
      // Every mutation once in each format first, then random mixes.
      {
        numRuns: 8,
        seed: SEED,
        examples: [
          [MUTATIONS.map((mutation) => mutation.name), 'xlsx', false],
          [MUTATIONS.map((mutation) => mutation.name), 'csv', true],
        ],
      },
    );
  });

  it('never evaluates formula cells: a workbook’s formula is read as the value Excel saved, or as empty', async () => {
    const saved = goodRow();
    saved.expectedInvestment = { formula: '1+1', result: 2 };
    saved.title = { formula: 'HYPERLINK("http://evil.example","点我")', result: `外链项目${stamp}` };
    const unsaved = goodRow();
    // A formula with no saved value (as a generated file may hold): nothing is computed, so the title is empty.
    unsaved.title = { formula: 'CONCATENATE("敌意","公式")' };
    const status = await finished((await upload('formulas.xlsx', await xlsx([saved, unsaved]))).json().importId);
    expect(status).toMatchObject({ status: 'done', created: 1, failed: 1 });
    expect(status.errors).toEqual([expect.objectContaining({ row: 3, column: '项目名称' })]);
    const lead = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(`外链项目${stamp}`)}` },
        officer.token,
      )
    ).json().items[0];
    expect(lead).toMatchObject({ title: `外链项目${stamp}`, expectedInvestment: 2 });
    expect(
      (
        await t.request(
          { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent('敌意公式')}&withTotal=true` },
          officer.token,
        )
      ).json().total,
    ).toBe(0);
  });

  it('exports imported formula-looking text neutralised, so a spreadsheet shows it instead of running it', async () => {
    const titles = ['=1+1', '@SUM(A1:A9)', "+cmd|' /C calc'!A0", '-2+3'].map((formula) => `${formula} 导出${stamp}`);
    const rows = titles.map((title) => ({ ...goodRow(), title }));
    expect(await finished((await upload('formulas.csv', csv(rows))).json().importId)).toMatchObject({
      status: 'done',
      created: titles.length,
      failed: 0,
    });
    const exported = await t.request(
      { method: 'GET', url: `/api/v1/leads/export?q=${encodeURIComponent(`导出${stamp}`)}` },
      officer.token,
    );
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as never);
    const sheet = workbook.worksheets[0];
    const titleColumn = (sheet.getRow(1).values as unknown[]).indexOf('项目名称');
    const cells = sheet.getColumn(titleColumn).values.slice(2);
    expect(cells.sort()).toEqual(titles.map((title) => `'${title}`).sort());
  });

  it('reads NUL bytes, quoted line breaks and mismatched column counts in a CSV row by row', async () => {
    const nul = goodRow();
    nul.title = `空字符\u0000项目${stamp}`;
    const multiline = goodRow();
    multiline.sourceNote = '第一行\n第二行, 带逗号 "引号"';
    const short = goodRow();
    const shifted = goodRow();
    const before = await counts();
    const lines = [
      HEADERS.join(','),
      csvLine(nul),
      csvLine(multiline),
      // Too few cells: the required ones left out are reported.
      [short.companyName, short.creditCode, short.ownership].join(','),
      // An unquoted comma in the name shifts every cell one column right: the row no longer makes sense.
      [`${shifted.companyName},分公司`, ...FIELDS.slice(1).map((field) => csvField(shifted[field]))].join(','),
    ];
    const status = await finished(
      (await upload('mixed.csv', Buffer.from(`${lines.join('\r\n')}\r\n`))).json().importId,
    );
    expect(status).toMatchObject({ status: 'done', total: 4, created: 2, failed: 2 });
    expect(status.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: '项目名称' }),
        expect.objectContaining({ row: 5 }),
      ]),
    );
    expect(new Set(status.errors.map((error: { row: number }) => error.row))).toEqual(new Set([4, 5]));
    expect((await counts()).leads - before.leads).toBe(2);
    const stored = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(`项目${stamp}`)}&limit=200` },
        officer.token,
      )
    ).json().items;
    expect(stored.map((lead: { title: string }) => lead.title)).toContain(`空字符\u0000项目${stamp}`);
  });
});
