// Proves the read-replica routing on real engines (`npm run test:replication`, not part of `npm test`): starts its
// own MariaDB primary and replica (temporary data folders, free ports; the system MariaDB is never touched), the app
// on them with DATABASE_REPLICA_URLS, and checks that lists, search and analytics read from the replica while writes
// and the detail read after a write go to the primary. Exits non-zero on any failed check; cleans up either way.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import { loadConfig } from '../../src/core/config/app-config';
import { creditCodeCheckCharacter } from '../../src/modules/companies/credit-code';
import { deleteRedisKeys } from '../utils/redis-keys';
import { freePort, spawnApp, SpawnedApp, waitUntil } from '../utils/spawned-app';

const DATABASE = 'zs_replication';
const ADMIN_PASSWORD = 'replication-check-2026';
const REPLICATOR = { user: 'zs_replicator', password: 'replicator-secret' };
// The app reads the replica as a user that may only SELECT: a write sent there would fail the request.
const READER = { user: 'zs_reader', password: 'reader-secret' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIST_REQUESTS = 20;

interface Server {
  name: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
}

const workDir = mkdtempSync(join(tmpdir(), 'zs-replication-'));
const queuePrefix = `zsrepl_${randomBytes(3).toString('hex')}`;
const servers: Server[] = [];
let app: SpawnedApp | undefined;
let failures = 0;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function check(what: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
}

function run(command: string, args: string[], logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const output = openSync(logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', output, output] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}; see ${logFile}`)),
    );
  });
}

/** Initialises a data folder and starts mariadbd on it, on 127.0.0.1 only. */
async function startServer(name: string, serverId: number, extraArgs: string[]): Promise<Server> {
  const dataDir = join(workDir, name);
  const logFile = join(workDir, `${name}.log`);
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    logFile,
  );
  const port = await freePort();
  const output = openSync(logFile, 'a');
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(workDir, `${name}.sock`)}`,
      `--pid-file=${join(workDir, `${name}.pid`)}`,
      `--server-id=${serverId}`,
      '--user=root',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      ...extraArgs,
    ],
    { stdio: ['ignore', output, output] },
  );
  const server = { name, port, dataDir, process: child };
  servers.push(server);
  await waitUntil(
    `${name} MariaDB on port ${port}`,
    async () => {
      const connection = await rootConnection(server);
      await connection.end();
      return true;
    },
    30_000,
  );
  log(`${name} MariaDB listening on 127.0.0.1:${port} (data in ${dataDir})`);
  return server;
}

function rootConnection(server: Pick<Server, 'port'>): Promise<Connection> {
  return createConnection({ host: '127.0.0.1', port: server.port, user: 'root', connectTimeout: 2_000 });
}

async function query<T extends RowDataPacket>(server: Server, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const connection = await rootConnection(server);
  try {
    const [rows] = await connection.query<T[]>(sql, parameters);
    return rows;
  } finally {
    await connection.end();
  }
}

/** SELECT statements the server has run so far (our own SHOW STATUS does not count as one). */
async function selectsRun(server: Server): Promise<number> {
  const [row] = await query<RowDataPacket>(server, "SHOW GLOBAL STATUS LIKE 'Com_select'");
  return Number(row.Value);
}

async function replicaStatus(replica: Server): Promise<{ io: string; sql: string; error: string }> {
  const [row] = await query<RowDataPacket>(replica, 'SHOW SLAVE STATUS');
  return {
    io: row?.Slave_IO_Running ?? 'none',
    sql: row?.Slave_SQL_Running ?? 'none',
    error: row?.Last_Error || row?.Last_IO_Error || '',
  };
}

/** Waits until the replica has applied everything the primary has written so far. */
async function waitForCatchUp(primary: Server, replica: Server): Promise<void> {
  const [{ position }] = await query<RowDataPacket>(primary, 'SELECT @@gtid_binlog_pos AS position');
  const [{ reached }] = await query<RowDataPacket>(replica, 'SELECT MASTER_GTID_WAIT(?, 30) AS reached', [position]);
  if (Number(reached) !== 0) throw new Error(`replica did not reach the primary's position ${position} within 30 s`);
}

async function setUpReplication(primary: Server, replica: Server): Promise<void> {
  await query(primary, `CREATE USER '${REPLICATOR.user}'@'127.0.0.1' IDENTIFIED BY '${REPLICATOR.password}'`);
  await query(primary, `GRANT REPLICATION SLAVE ON *.* TO '${REPLICATOR.user}'@'127.0.0.1'`);
  // Created on the primary, so it reaches the replica through replication like everything else.
  await query(primary, `CREATE USER '${READER.user}'@'127.0.0.1' IDENTIFIED BY '${READER.password}'`);
  await query(primary, `GRANT SELECT ON \`${DATABASE}\`.* TO '${READER.user}'@'127.0.0.1'`);
  // Both servers start from the same fresh system tables, so the replica can apply the primary's binlog from its start.
  await query(
    replica,
    `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${primary.port}, MASTER_USER = '${REPLICATOR.user}',
       MASTER_PASSWORD = '${REPLICATOR.password}', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1`,
  );
  await query(replica, 'START SLAVE');
  await waitUntil(
    'replication running',
    async () => {
      const status = await replicaStatus(replica);
      if (status.error) throw new Error(status.error);
      return status.io === 'Yes' && status.sql === 'Yes';
    },
    30_000,
  );
  await waitForCatchUp(primary, replica);
  log('replication running: replica threads Yes/Yes and caught up');
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function stopApp(): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app?.child.kill('SIGKILL'), 10_000);
  await app.exited;
  clearTimeout(timer);
}

let cleanedUp = false;
async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopApp().catch((error) => log(`could not stop the app: ${error.message}`));
  for (const server of servers)
    await stopServer(server).catch((error) => log(`could not stop ${server.name}: ${error.message}`));
  await deleteRedisKeys(loadConfig({ ...process.env, REDIS_URL }).redis, `${queuePrefix}:*`).catch((error) =>
    log(`could not delete the queue keys ${queuePrefix}:*: ${error.message}`),
  );
  rmSync(workDir, { recursive: true, force: true });
  log(`cleaned up: app and both MariaDB servers stopped, ${workDir} removed`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** A small HTTP client for the app, signed in as the administrator. */
class Api {
  private token = '';
  constructor(private readonly base: string) {}

  async signIn(): Promise<void> {
    const { status, body } = await this.call('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    if (status !== 200 && status !== 201) throw new Error(`sign-in answered ${status}: ${JSON.stringify(body)}`);
    this.token = (body as { accessToken: string }).accessToken;
  }

  async call(method: string, path: string, payload?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async get(path: string): Promise<any> {
    const { status, body } = await this.call('GET', path);
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}

function creditCode(): string {
  const body = `91440300MA${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

async function registerLead(
  api: Api,
  marker: string,
): Promise<{ companyId: string; companyName: string; leadId: string; title: string }> {
  const companyName = `复制验证${marker}科技有限公司`;
  const company = await api.call('POST', '/api/v1/companies', {
    name: companyName,
    creditCode: creditCode(),
    ownership: 'private',
    originRegionCode: '440300',
    clusterCode: 'electronics',
  });
  if (company.status !== 201) throw new Error(`company answered ${company.status}: ${JSON.stringify(company.body)}`);
  const title = `复制验证项目${marker}`;
  const lead = await api.call('POST', '/api/v1/leads', {
    companyId: company.body.id,
    title,
    clusterCode: 'electronics',
    source: { kind: 'government' },
    expectedInvestment: 10,
  });
  if (lead.status !== 201) throw new Error(`lead answered ${lead.status}: ${JSON.stringify(lead.body)}`);
  return { companyId: String(company.body.id), companyName, leadId: String(lead.body.id), title };
}

const listedLeadIds = async (api: Api, title: string): Promise<string[]> =>
  (await api.get(`/api/v1/leads?q=${encodeURIComponent(title)}`)).items.map((item: { id: string }) => String(item.id));
const foundCompanyIds = async (api: Api, name: string): Promise<string[]> =>
  (await api.get(`/api/v1/companies?q=${encodeURIComponent(name)}`)).items.map((item: { id: string }) =>
    String(item.id),
  );
const newLeadsThisYear = async (api: Api): Promise<number> =>
  (await api.get('/api/v1/analytics/funnel?mode=cohort')).stages[0].count;

/** Runs `work` and tells how many SELECTs each server ran meanwhile. */
async function countSelects(
  primary: Server,
  replica: Server,
  work: () => Promise<unknown>,
): Promise<{ primary: number; replica: number }> {
  const [primaryBefore, replicaBefore] = [await selectsRun(primary), await selectsRun(replica)];
  await work();
  return { primary: (await selectsRun(primary)) - primaryBefore, replica: (await selectsRun(replica)) - replicaBefore };
}

async function main(): Promise<void> {
  const primary = await startServer('primary', 1, [
    `--log-bin=${join(workDir, 'primary', 'binlog')}`,
    '--binlog-format=ROW',
  ]);
  const replica = await startServer('replica', 2, ['--read-only', `--relay-log=${join(workDir, 'replica', 'relay')}`]);
  await setUpReplication(primary, replica);

  const port = await freePort();
  app = spawnApp({
    PORT: String(port),
    ROLE: 'api',
    DATABASE_URL: `mysql://root@127.0.0.1:${primary.port}/${DATABASE}`,
    DATABASE_REPLICA_URLS: `mysql://${READER.user}:${READER.password}@127.0.0.1:${replica.port}/${DATABASE}`,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  const base = `http://127.0.0.1:${port}`;
  const started = app;
  await waitUntil(
    'the app to answer /health/ready (or exit)',
    async () => started.child.exitCode !== null || (await fetch(`${base}/health/ready`)).status === 200,
    120_000,
  );
  if (started.child.exitCode !== null) throw new Error(`the app exited with ${started.child.exitCode}`);
  log(
    `app (ROLE=api) on ${base}: DATABASE_URL = primary, DATABASE_REPLICA_URLS = replica as ${READER.user} (SELECT only)`,
  );
  await waitForCatchUp(primary, replica);

  const api = new Api(base);
  await api.signIn();
  const first = await registerLead(api, `甲${randomBytes(2).toString('hex')}`);
  await waitForCatchUp(primary, replica);

  // 1. Lists, search and analytics read from the replica.
  const lists = await countSelects(primary, replica, async () => {
    for (let i = 0; i < LIST_REQUESTS; i++) await api.get('/api/v1/leads?limit=20');
  });
  check(
    `${LIST_REQUESTS} lead lists ran their SELECTs on the replica`,
    lists.replica >= LIST_REQUESTS,
    `replica +${lists.replica}, primary +${lists.primary}`,
  );
  const searches = await countSelects(primary, replica, async () => {
    for (let i = 0; i < LIST_REQUESTS; i++) await api.get(`/api/v1/companies?q=${encodeURIComponent('复制验证')}`);
  });
  check(
    `${LIST_REQUESTS} company searches ran their SELECTs on the replica`,
    searches.replica >= LIST_REQUESTS,
    `replica +${searches.replica}, primary +${searches.primary}`,
  );
  const analytics = await countSelects(primary, replica, async () => {
    await api.get('/api/v1/analytics/funnel?mode=cohort');
    await api.get('/api/v1/analytics/funnel?mode=flow');
    await api.get('/api/v1/analytics/breakdown?dimension=region');
    await api.get('/api/v1/analytics/trend?interval=month');
    await api.get('/api/v1/analytics/targets');
  });
  check(
    'funnel, breakdown, trend and target progress ran their SELECTs on the replica',
    analytics.replica >= 5,
    `replica +${analytics.replica}, primary +${analytics.primary}`,
  );

  // 2. The detail, and every write, on the primary: the replica runs nothing meanwhile.
  const details = await countSelects(primary, replica, async () => {
    for (let i = 0; i < LIST_REQUESTS; i++) await api.get(`/api/v1/leads/${first.leadId}`);
  });
  check(
    `${LIST_REQUESTS} lead details read the primary only`,
    details.replica === 0 && details.primary >= LIST_REQUESTS,
    `replica +${details.replica}, primary +${details.primary}`,
  );

  // 3. With replication stopped, a new lead is on the primary only: its detail has it, lists and analytics do not yet.
  const newLeadsBefore = await newLeadsThisYear(api);
  await query(replica, 'STOP SLAVE');
  log('replication stopped (STOP SLAVE)');
  let second: Awaited<ReturnType<typeof registerLead>> | undefined;
  const write = await countSelects(primary, replica, async () => {
    second = await registerLead(api, `乙${randomBytes(2).toString('hex')}`);
  });
  check(
    'registering a company and a lead wrote to the primary and read nothing from the replica',
    write.replica === 0,
    `replica +${write.replica}, primary +${write.primary}`,
  );
  const lagging = second!;
  check(
    "the new lead's detail right after the write comes from the primary",
    (await api.call('GET', `/api/v1/leads/${lagging.leadId}`)).status === 200,
  );
  check(
    'the lead list (replica) does not show it yet',
    !(await listedLeadIds(api, lagging.title)).includes(lagging.leadId),
  );
  check(
    'the company search (replica) does not find its company yet',
    !(await foundCompanyIds(api, lagging.companyName)).includes(lagging.companyId),
  );
  check(
    'the funnel (replica) does not count it yet',
    (await newLeadsThisYear(api)) === newLeadsBefore,
    `new leads ${newLeadsBefore}`,
  );

  // 4. Replication resumes: the replica catches up and the reads show the lead.
  await query(replica, 'START SLAVE');
  await waitForCatchUp(primary, replica);
  log('replication resumed (START SLAVE) and caught up');
  check(
    'the lead list shows it after the replica caught up',
    (await listedLeadIds(api, lagging.title)).includes(lagging.leadId),
  );
  check(
    'the company search finds its company',
    (await foundCompanyIds(api, lagging.companyName)).includes(lagging.companyId),
  );
  const after = await newLeadsThisYear(api);
  check('the funnel counts it', after === newLeadsBefore + 1, `new leads ${newLeadsBefore} -> ${after}`);

  // 5. A replica that is down sends the reads to the primary instead of failing them.
  await stopServer(replica);
  log('replica stopped');
  const fallback = await api.call('GET', `/api/v1/leads?q=${encodeURIComponent(lagging.title)}`);
  check(
    'with the replica down the lead list still answers, from the primary',
    fallback.status === 200 && fallback.body.items.some((item: { id: string }) => String(item.id) === lagging.leadId),
    `status ${fallback.status}`,
  );
  const funnelDown = await api.call('GET', '/api/v1/analytics/funnel?mode=cohort');
  check('and so does the funnel', funnelDown.status === 200, `status ${funnelDown.status}`);
}

main()
  .catch((error: Error) => {
    failures++;
    log(`FAIL ${error.stack ?? error.message}`);
    if (app) log(`app output:\n${app.output().slice(-4000)}`);
  })
  .finally(async () => {
    await cleanUp();
    log(failures === 0 ? 'replication check passed' : `replication check FAILED (${failures} failed)`);
    process.exit(failures === 0 ? 0 : 1);
  });
