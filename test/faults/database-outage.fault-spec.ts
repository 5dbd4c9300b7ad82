import type { DataSource } from 'typeorm';
import { createCompany } from '../utils/records';
import { waitUntil } from '../utils/spawned-app';
import { startDatabaseProxy, TcpProxy } from '../utils/tcp-proxy';
import { openTestDataSource } from '../utils/test-data-source';
import { startTestApp, TestApp } from '../utils/test-app';

const OUTAGE_MS = 10_000;
const REQUEST_TIMEOUT_MS = 2_000;
const WRITERS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WriteOutcome {
  title: string;
  status: number;
  code?: string;
  sentAt: number;
}

// The database unreachable for ten seconds (a TCP proxy between app and MariaDB, cut by the test) while clients keep
// creating leads: they get 503 NOT_READY, never a 500; readiness says so; nothing is half-written; and the service
// takes writes again within five seconds of the database returning.
describe('writes through a database outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let direct: DataSource;

  beforeAll(async () => {
    const started = await startDatabaseProxy();
    proxy = started.proxy;
    t = await startTestApp({
      DATABASE_URL: started.databaseUrl,
      REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_MS / 1000),
    });
    direct = await openTestDataSource();
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await proxy?.cut();
    await direct?.destroy();
  });

  it('answers 503 NOT_READY during the outage, writes each lead whole or not at all, and recovers within 5 s', async () => {
    const company = await createCompany(t);
    const outcomes: WriteOutcome[] = [];
    let writing = true;
    let sequence = 0;
    const writer = async () => {
      while (writing) {
        const title = `断库测试项目${++sequence}`;
        const sentAt = Date.now();
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/leads',
          payload: {
            companyId: company.id,
            title,
            clusterCode: 'electronics',
            source: { kind: 'government' },
            expectedInvestment: 5,
          },
        });
        outcomes.push({
          title,
          status: res.statusCode,
          code: res.statusCode === 201 ? undefined : res.json().code,
          sentAt,
        });
        if (res.statusCode !== 201) await sleep(200); // a client backing off, as the Retry-After header asks
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);

    let cutAt = 0;
    let restoredAt = 0;
    let readyDuringOutage;
    try {
      await sleep(2_000);
      await proxy.cut();
      cutAt = Date.now();
      await sleep(1_000);
      readyDuringOutage = await t.request({ method: 'GET', url: '/health/ready' }, null);
      await sleep(cutAt + OUTAGE_MS - Date.now());
      await proxy.start();
      restoredAt = Date.now();
      await waitUntil(
        'readiness after the database returns',
        async () => (await t.request({ method: 'GET', url: '/health/ready' }, null)).statusCode === 200,
        5_000,
      );
      await waitUntil(
        'a write accepted after the database returns',
        () => outcomes.some((o) => o.sentAt >= restoredAt && o.status === 201),
        5_000,
      );
      await sleep(1_000);
    } finally {
      // Stopped whatever happened: writers left running would call a closed app during the next test file.
      writing = false;
      await Promise.allSettled(writers);
    }

    expect(readyDuringOutage.statusCode).toBe(503);
    expect(readyDuringOutage.json()).toMatchObject({ code: 'NOT_READY', details: [{ field: 'database' }] });
    // Every answer is a success or 503 NOT_READY: no 500, no timeout of another kind.
    const kinds = new Set(outcomes.map((o) => `${o.status} ${o.code ?? ''}`.trim()));
    expect([...kinds].sort()).toEqual(['201', '503 NOT_READY']);
    // Sent a second after the cut and early enough to end before the database returned (a request waits for a
    // connection up to REQUEST_TIMEOUT_SECONDS): one sent later may rightly succeed once it is back.
    const duringOutage = outcomes.filter(
      (o) => o.sentAt >= cutAt + 1_000 && o.sentAt < restoredAt - REQUEST_TIMEOUT_MS,
    );
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((o) => o.status === 503)).toBe(true);

    // Read straight from MariaDB: each lead written has its company link, its first stage event, its analytics fact
    // and its audit entry, or the lead does not exist at all.
    const leads: Array<{ id: string; title: string; stageEvents: string; facts: string; audits: string }> =
      await direct.query(
        `SELECT l.id, l.title,
              (SELECT COUNT(*) FROM stage_events e WHERE e.lead_id = l.id) AS stageEvents,
              (SELECT COUNT(*) FROM analytics_lead_facts f WHERE f.lead_id = l.id) AS facts,
              (SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'lead' AND a.entity_id = l.id AND a.action = 'create') AS audits
         FROM leads l WHERE l.company_id = ?`,
        [company.id],
      );
    const stored = new Map(leads.map((lead) => [lead.title, lead]));
    expect(stored.size).toBe(leads.length); // no title twice
    for (const lead of leads)
      expect({
        title: lead.title,
        stageEvents: Number(lead.stageEvents),
        facts: Number(lead.facts),
        audits: Number(lead.audits),
      }).toEqual({ title: lead.title, stageEvents: 1, facts: 1, audits: 1 });
    // Every 201 was written. A 503 was not, except when the cut fell between COMMIT and its answer, which a
    // client can tell only by looking; such a lead is still whole (checked above).
    const accepted = outcomes.filter((o) => o.status === 201);
    expect(accepted.filter((o) => !stored.has(o.title)).map((o) => o.title)).toEqual([]);
    const refusedButStored = outcomes.filter((o) => o.status === 503 && stored.has(o.title));
    expect(refusedButStored.length).toBeLessThanOrEqual(WRITERS);
    expect(leads.length).toBe(accepted.length + refusedButStored.length);
    // Nothing written for a lead that does not exist.
    const [orphans] = await direct.query(
      `SELECT (SELECT COUNT(*) FROM stage_events e LEFT JOIN leads l ON l.id = e.lead_id WHERE l.id IS NULL) AS stageEvents,
              (SELECT COUNT(*) FROM audit_log a LEFT JOIN leads l ON l.id = a.entity_id WHERE a.entity = 'lead' AND l.id IS NULL AND a.action = 'create') AS audits`,
    );
    expect({ stageEvents: Number(orphans.stageEvents), audits: Number(orphans.audits) }).toEqual({
      stageEvents: 0,
      audits: 0,
    });
  });
});
