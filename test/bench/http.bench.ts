import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../../src/bootstrap';
import type { DatabaseFlavor } from '../../src/core/database/database-options';
import { dropDatabase } from '../../src/core/database/database-server';
import { AnalyticsRebuild } from '../../src/modules/analytics/analytics-rebuild';
import { freePort, spawnApp, SpawnedApp, waitUntil } from '../utils/spawned-app';
import { restoreBufferPool, sizeBufferPool } from './analytics.bench';
import type { RecordedScenario, RecordedStatement } from './bare-server';
import { benchEnvironment, printTable } from './bench-utils';
import { BENCH_USERS, existingHttpData, generateHttpData, HttpDataOptions, MovableLead } from './http-data';

export interface HttpBenchOptions extends HttpDataOptions {
  durationSeconds: number;
  connections: number;
  /**
   * `dist`: run the compiled app (dist/src/main.js, after `npm run build`) as `npm start` does; `ts-node` (default)
   * compiles in memory as the e2e tests do, which costs about 170 MB of RSS more (351 MB against 185 MB idle here).
   */
  app?: 'dist' | 'ts-node';
  /** Leave the generated database in place (its name is printed) to look into a scenario afterwards. */
  keepDatabase?: boolean;
  /**
   * Measure on a database an earlier run kept instead of generating one (generating the full size takes about half
   * an hour); it is kept again afterwards. Each run moves some leads forward, so later runs pick other ones.
   */
  database?: string;
  /** Only the scenarios whose name contains one of these (comma-separated on the command line): a focused re-run. */
  scenarioFilter?: string[];
  /** Write a V8 CPU profile of the app's timed runs into this folder (test/bench/cpu-profiler.js). */
  profileDir?: string;
}

// The bench's own environment creates the administrator at start, with this password (set before it starts).
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'bench-admin-password-2026';
const OFFICER_PASSWORD = 'bench-officer-password-2026';
const PREFIXES = ['guangxi', 'shenzhen', 'nanning', 'liuzhou', 'gxh', 'szj', 'dongguan', 'foshan'];
const NEXT_STAGE: Record<MovableLead['stage'], { to: string; siteVisitAt?: string }> = {
  lead: { to: 'contacted' },
  contacted: { to: 'site_visit', siteVisitAt: '2026-01-15T02:00:00.000Z' },
  site_visit: { to: 'negotiating' },
};

interface Scenario {
  name: string;
  kind: 'read' | 'write';
  method: 'GET' | 'POST';
  /** The app's path for a request variable (a lead id, a search prefix), or a fixed one. */
  path: (variable: string) => string;
  body?: (variable: string) => unknown;
  /** Who asks: the administrator, the city officer, the officer with many tasks or the city manager (BENCH_USERS). */
  token: SignedIn;
  /** A fresh variable per request; null for scenarios that repeat one request. */
  next: (() => string) | null;
  shape: RecordedScenario['shape'];
}

type SignedIn = 'admin' | 'officer' | keyof typeof BENCH_USERS;

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and requests not answered within autocannon's 10 s timeout. */
  errors: number;
  peakRssMb: number;
  bytesPerResponse: number;
  /** Median latency of three requests one at a time, with nothing else running (ms). */
  alone?: number;
}

interface LoadRequest {
  method: 'GET' | 'POST';
  path: (variable: string) => string;
  body?: (variable: string) => unknown;
  next: (() => string) | null;
  token?: string;
}

/**
 * Issue 11's HTTP benchmark: the real app (ROLE=api, a child process) under autocannon for the common read and write
 * scenarios, each beside a bare Fastify + mysql2 server running the same SQL, recorded from the app itself for one
 * request of that scenario (test/bench/sql-recorder.js), in the same run and order. The bare server skips
 * authentication, validation and mapping: it is the physical limit for this stack on this machine.
 */
export async function benchHttp(options: HttpBenchOptions): Promise<void> {
  process.env.ADMIN_PASSWORD = ADMIN_PASSWORD;
  const { config, logger, flavor } = await benchEnvironment('api', options.database);
  const context = await createWorkerContext(config, logger, flavor);
  await context.init();
  const db = context.get(DataSource);
  const children: ChildProcess[] = [];
  const workDir = join(tmpdir(), `zs-http-bench-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  try {
    const bufferPool = await sizeBufferPool(db);
    const data = options.database
      ? await existingHttpData(db)
      : await generateHttpData(db, context.get(AnalyticsRebuild), options);
    const databaseUrl = `mysql://${encodeURIComponent(config.database.username)}:${encodeURIComponent(config.database.password)}@${config.database.host}:${config.database.port}/${config.database.database}`;

    const recordFile = join(workDir, 'app-sql.jsonl');
    writeFileSync(recordFile, '');
    const appPort = await freePort();
    const app = (options.app === 'dist' ? spawnCompiledApp : spawnApp)({
      PORT: String(appPort),
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: config.queuePrefix,
      ROLE: 'api',
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS ?? '',
        `--require ${join(__dirname, 'sql-recorder.js')}`,
        options.profileDir ? `--require ${join(__dirname, 'cpu-profiler.js')}` : '',
      ]
        .join(' ')
        .trim(),
      BENCH_SQL_RECORD: recordFile,
      BENCH_CPU_PROFILE_DIR: options.profileDir ?? '',
    });
    children.push(app.child);
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitUntil('the app to be ready', async () => (await fetch(`${appUrl}/health/ready`)).ok, 120_000).catch(
      (error) => {
        throw new Error(`${(error as Error).message}\n${app.output().slice(-3000)}`);
      },
    );
    const tokens = { admin: await login(appUrl, 'admin', ADMIN_PASSWORD), officer: '' };
    const officer = await call(appUrl, tokens.admin, 'POST', '/api/v1/users', {
      username: 'bench.officer.450100',
      displayName: '基准专员',
      password: OFFICER_PASSWORD,
      role: 'officer',
      regionCode: '450100',
    });
    // 409: a kept database (--database) already has the officer.
    if (officer.status !== 201 && officer.status !== 409)
      throw new Error(`creating the city officer failed: ${officer.status} ${officer.text}`);
    tokens.officer = await login(appUrl, 'bench.officer.450100', OFFICER_PASSWORD);
    const credentials: Record<SignedIn, [string, string]> = {
      admin: ['admin', ADMIN_PASSWORD],
      officer: ['bench.officer.450100', OFFICER_PASSWORD],
      tasks: [BENCH_USERS.tasks.username, BENCH_USERS.tasks.password],
      manager: [BENCH_USERS.manager.username, BENCH_USERS.manager.password],
    };
    const signedIn: Record<SignedIn, string> = {
      ...tokens,
      tasks: await login(appUrl, ...credentials.tasks),
      manager: await login(appUrl, ...credentials.manager),
    };

    const randomLead = () => String(1 + Math.floor(Math.random() * data.maxLeadId));
    let prefixTurn = 0;
    const nextPrefix = () => PREFIXES[prefixTurn++ % PREFIXES.length];
    let searchTurn = 0;
    const nextSearch = () => PREFIXES[searchTurn++ % PREFIXES.length];
    const movable = new Map(
      [...data.movable.app, ...data.movable.bare, ...data.movable.capture].map((lead) => [lead.id, lead]),
    );
    const appPool = [...data.movable.app];
    const barePool = [...data.movable.bare];
    const scenarios: Scenario[] = [
      {
        name: 'lead list, no filter (admin)',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/leads?limit=50',
        token: 'admin',
        next: null,
        shape: 'page',
      },
      {
        name: 'lead list, city officer',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/leads?limit=50',
        token: 'officer',
        next: null,
        shape: 'page',
      },
      {
        name: 'lead list, city + cluster',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/leads?limit=50&clusterCode=auto',
        token: 'officer',
        next: null,
        shape: 'page',
      },
      {
        name: 'lead list, stage + health',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/leads?limit=50&stage=negotiating&health=red',
        token: 'admin',
        next: null,
        shape: 'page',
      },
      {
        name: 'lead detail (random id)',
        kind: 'read',
        method: 'GET',
        path: (id) => `/api/v1/leads/${id}`,
        token: 'admin',
        next: randomLead,
        shape: 'one',
      },
      {
        name: 'company search, pinyin prefix',
        kind: 'read',
        method: 'GET',
        path: (q) => `/api/v1/companies?q=${q}&limit=20`,
        token: 'admin',
        next: nextPrefix,
        shape: 'page',
      },
      {
        name: 'funnel 2025 (region)',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/analytics/funnel?from=2025-01&to=2025-12',
        token: 'admin',
        next: null,
        shape: 'one',
      },
      {
        name: 'breakdown by cluster 2025',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/analytics/breakdown?dimension=cluster&from=2025-01&to=2025-12',
        token: 'admin',
        next: null,
        shape: 'page',
      },
      {
        name: 'park matches of a lead',
        kind: 'read',
        method: 'GET',
        path: (id) => `/api/v1/leads/${id}/park-matches?limit=10`,
        token: 'admin',
        next: randomLead,
        shape: 'page',
      },
      {
        name: 'park matching, profile',
        kind: 'read',
        method: 'POST',
        path: () => '/api/v1/matching/parks',
        token: 'admin',
        next: null,
        shape: 'page',
        body: () => ({ clusterCode: 'auto', landNeedMu: 200, factoryNeedSqm: 10000, limit: 10 }),
      },
      {
        name: 'lead timeline (random lead)',
        kind: 'read',
        method: 'GET',
        path: (id) => `/api/v1/leads/${id}/timeline`,
        token: 'admin',
        next: randomLead,
        shape: 'page',
      },
      {
        name: 'lead timeline, ?kind=stage',
        kind: 'read',
        method: 'GET',
        path: (id) => `/api/v1/leads/${id}/timeline?kind=stage`,
        token: 'admin',
        next: randomLead,
        shape: 'page',
      },
      {
        name: 'tasks, officer with many',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/tasks?limit=50',
        token: 'tasks',
        next: null,
        shape: 'page',
      },
      {
        name: 'supervision slips (manager)',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/supervision-slips?limit=50',
        token: 'manager',
        next: null,
        shape: 'page',
      },
      {
        name: 'park list',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/parks?limit=50',
        token: 'admin',
        next: null,
        shape: 'page',
      },
      {
        name: 'audit log (admin)',
        kind: 'read',
        method: 'GET',
        path: () => '/api/v1/audit?limit=50',
        token: 'admin',
        next: null,
        shape: 'page',
      },
      {
        name: 'people, common surname',
        kind: 'read',
        method: 'GET',
        path: () => `/api/v1/people?q=${encodeURIComponent('王')}`,
        token: 'officer',
        next: null,
        shape: 'page',
      },
      {
        name: 'header search, pinyin prefix',
        kind: 'read',
        method: 'GET',
        path: (q) => `/api/v1/search?q=${q}`,
        token: 'admin',
        next: nextSearch,
        shape: 'page',
      },
      {
        name: 'stage transition (write)',
        kind: 'write',
        method: 'POST',
        path: (id) => `/api/v1/leads/${id}/transitions`,
        token: 'admin',
        shape: 'one',
        next: () => appPool.shift()?.id ?? randomLead(),
        body: (id) => ({ ...NEXT_STAGE[movable.get(id)?.stage ?? 'lead'], version: 1 }),
      },
    ];

    if (options.scenarioFilter?.length) {
      const wanted = options.scenarioFilter;
      scenarios.splice(
        0,
        scenarios.length,
        ...scenarios.filter((scenario) => wanted.some((part) => scenario.name.includes(part))),
      );
    }

    // Record the SQL of one request per scenario, after a warm-up request, then stop recording for good.
    const recorded: Record<string, RecordedScenario> = {};
    const statementsPerRequest: Record<string, number> = {};
    // Scenarios this commit cannot answer (a route or parameter it does not have: 404, 400) are reported n/a, so
    // the same scenarios run on an older commit for a before/after comparison.
    const unavailable = new Map<string, string>();
    for (const scenario of [...scenarios]) {
      const isWrite = scenario.kind === 'write';
      const [warm, captured] = isWrite
        ? data.movable.capture.map((lead) => lead.id)
        : [scenario.next?.() ?? '', scenario.next?.() ?? ''];
      const warmed = await send(appUrl, signedIn[scenario.token], scenario, warm);
      if (!isWrite && (warmed.status === 404 || warmed.status === 400)) {
        unavailable.set(scenario.name, `n/a (${warmed.status})`);
        scenarios.splice(scenarios.indexOf(scenario), 1);
        process.stdout.write(`  ${scenario.name}: n/a here, ${warmed.status} ${warmed.text.slice(0, 200)}\n`);
        continue;
      }
      const before = statSync(recordFile).size;
      const response = await send(appUrl, signedIn[scenario.token], scenario, captured);
      if (response.status >= 300) throw new Error(`${scenario.name}: ${response.status} ${response.text}`);
      const statements: RecordedStatement[] = readFileSync(recordFile)
        .subarray(before)
        .toString()
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      recorded[scenario.name] = {
        statements,
        variable: scenario.next || isWrite ? captured : null,
        shape: scenario.shape,
      };
      statementsPerRequest[scenario.name] = statements.length;
    }
    app.child.kill('SIGWINCH');
    const appIdleRssMb = rssMb(app.child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const plans = await explainAll(db, flavor, recorded);
    const scenariosFile = join(workDir, 'scenarios.json');
    writeFileSync(scenariosFile, JSON.stringify(recorded));

    const barePort = await freePort();
    const bare = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-server.ts')], {
      env: {
        ...process.env,
        TS_NODE_SWC: 'true',
        BARE_PORT: String(barePort),
        BARE_DATABASE: databaseUrl,
        BARE_POOL_SIZE: '20',
        BARE_SCENARIOS: scenariosFile,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(bare);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitUntil('the bare server', async () => (await fetch(`${bareUrl}/bare/none`)).status === 404, 60_000);

    const results: Array<{
      scenario: string;
      kind: string;
      statements: number;
      app: Measured;
      bare: Measured;
      ratioRps: number;
      ratioP99: number;
      met: boolean;
    }> = [];
    for (const scenario of scenarios) {
      const id = encodeURIComponent(scenario.name);
      const bareNext = scenario.kind === 'write' ? () => barePool.shift()?.id ?? randomLead() : scenario.next;
      const bareRequest: LoadRequest = {
        method: 'GET',
        path: (v) => `/bare/${id}${v === '' ? '' : `?v=${encodeURIComponent(v)}`}`,
        next: bareNext,
      };
      const appRequest: LoadRequest = {
        method: scenario.method,
        path: scenario.path,
        body: scenario.body,
        next: scenario.next,
        token: await login(appUrl, ...credentials[scenario.token]),
      };
      const bareResult = await load(bareUrl, bare.pid!, options, bareRequest);
      await settle(db, config.database.database);
      const appResult = await load(appUrl, app.child.pid!, options, appRequest);
      await settle(db, config.database.database);
      bareResult.alone = await alone(bareUrl, bareRequest);
      appResult.alone = await alone(appUrl, appRequest);
      const ratioRps = appResult.requestsPerSecond / bareResult.requestsPerSecond;
      const ratioP99 = appResult.p99 / Math.max(bareResult.p99, 1);
      const met =
        ratioRps >= (scenario.kind === 'write' ? 0.5 : 0.6) &&
        (scenario.kind === 'write' || ratioP99 <= 1.5) &&
        appResult.peakRssMb < 300 &&
        appResult.non2xx + appResult.errors === 0;
      results.push({
        scenario: scenario.name,
        kind: scenario.kind,
        statements: statementsPerRequest[scenario.name],
        app: appResult,
        bare: bareResult,
        ratioRps,
        ratioP99,
        met,
      });
      process.stdout.write(
        `  ${scenario.name}: app ${appResult.requestsPerSecond.toFixed(0)} req/s, bare ${bareResult.requestsPerSecond.toFixed(0)} req/s\n`,
      );
    }
    // Each naive GROUP BY takes about a second here, so at 50 connections none would finish within the run: it is
    // timed one request at a time instead, which is also its best throughput on one connection.
    const naiveMs = await alone(bareUrl, { method: 'GET', path: () => '/naive/funnel', next: null });
    const naive = { requestsPerSecond: 1000 / naiveMs, p50: naiveMs };
    // Undefined when --scenarios left the funnel out.
    const funnel = results.find((result) => result.scenario.startsWith('funnel'));

    const fixed = (value: number, digits = 0) => value.toFixed(digits);
    const ratio = (value: number) => (Number.isFinite(value) && value > 0 ? value.toFixed(2) : 'n/a');
    printTable(
      `HTTP at ${data.rows.companies.toLocaleString('en')} companies / ${data.rows.leads.toLocaleString('en')} leads / ${data.rows.events.toLocaleString('en')} stage events / ${data.rows.notesAndVisits.toLocaleString('en')} notes+visits / ${data.rows.parks.toLocaleString('en')} parks / ${(data.rows.users ?? 0).toLocaleString('en')} users / ${(data.rows.tasks ?? 0).toLocaleString('en')} tasks / ${(data.rows.supervisionSlips ?? 0).toLocaleString('en')} slips / ${(data.rows.auditEntries ?? 0).toLocaleString('en')} audit entries; ${options.connections} connections, ${options.durationSeconds} s each, buffer pool ${bufferPool} (latency ms, RSS MB)`,
      [
        [
          'scenario',
          'SQL/req',
          'app req/s',
          'app p50',
          'app p99',
          'app RSS',
          'app failed',
          'app alone',
          'bare req/s',
          'bare p50',
          'bare p99',
          'bare RSS',
          'bare alone',
          'ratio req/s',
          'ratio p99',
          'target met',
        ],
        ...results.map((r) => [
          r.scenario,
          r.statements,
          fixed(r.app.requestsPerSecond),
          fixed(r.app.p50, 1),
          fixed(r.app.p99, 1),
          fixed(r.app.peakRssMb),
          r.app.non2xx + r.app.errors,
          fixed(r.app.alone ?? 0, 1),
          fixed(r.bare.requestsPerSecond),
          fixed(r.bare.p50, 1),
          fixed(r.bare.p99, 1),
          fixed(r.bare.peakRssMb),
          fixed(r.bare.alone ?? 0, 1),
          ratio(r.ratioRps),
          ratio(r.ratioP99),
          r.met ? 'yes' : 'NO',
        ]),
        ...[...unavailable].map(([name, why]) => [name, why, ...Array<string>(14).fill(''), 'n/a']),
        [
          'naive GROUP BY funnel (bare, 1 connection)',
          1,
          '',
          '',
          '',
          '',
          '',
          '',
          fixed(naive.requestsPerSecond, 2),
          fixed(naive.p50, 1),
          '',
          '',
          fixed(naiveMs, 1),
          '',
          '',
          '',
        ],
      ],
    );
    const funnelOverNaive = funnel ? funnel.app.requestsPerSecond / naive.requestsPerSecond : null;
    process.stdout.write(
      `app RSS idle after boot: ${appIdleRssMb.toFixed(0)} MB (${options.app === 'dist' ? 'compiled, dist/src/main.js' : 'through ts-node'})\n`,
    );
    if (funnelOverNaive !== null)
      process.stdout.write(
        `funnel through the app / naive GROUP BY: ${funnelOverNaive.toFixed(0)}x requests/s (target at least 100x: ${funnelOverNaive >= 100 ? 'met' : 'NOT met'})\n`,
      );

    const resultsDir = join(__dirname, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          options,
          rows: data.rows,
          bufferPool,
          appIdleRssMb,
          results,
          unavailable: Object.fromEntries(unavailable),
          naiveFunnel: naive,
          funnelOverNaive,
          recordedSql: recorded,
          plans,
        },
        null,
        2,
      ),
    );
    process.stdout.write(`results written to ${file}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
    await restoreBufferPool(db);
    await context.close();
    if (options.keepDatabase || options.database) process.stdout.write(`database kept: ${config.database.database}\n`);
    else await dropDatabase(config.database);
  }
}

/** The compiled app, as `npm start` runs it (spawnApp runs the sources through ts-node). */
function spawnCompiledApp(env: Record<string, string>): SpawnedApp {
  const entry = join(__dirname, '../../dist/src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first, or leave out --app=dist`);
  const child = spawn(process.execPath, [entry], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function call(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await call(url, null, 'POST', '/api/v1/auth/login', { username, password });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`sign-in of ${username} failed: ${response.status} ${response.text}`);
  return JSON.parse(response.text).accessToken as string;
}

function send(
  url: string,
  token: string,
  scenario: Scenario,
  variable: string,
): Promise<{ status: number; text: string }> {
  return call(url, token, scenario.method, scenario.path(variable), scenario.body?.(variable));
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs autocannon at `connections` for `durationSeconds` after a one-second warm-up, sampling the server’s peak RSS. */
async function load(url: string, pid: number, options: HttpBenchOptions, request: LoadRequest): Promise<Measured> {
  const requests = cannonRequests(request);
  // A short unmeasured run first, so neither server is timed while its code is still being compiled (JIT).
  await autocannon({ url, connections: options.connections, duration: 1, requests });
  let peakRssMb = rssMb(pid);
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 250);
  try {
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationSeconds,
      requests,
    });
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      peakRssMb,
      bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
    };
  } finally {
    clearInterval(sampler);
  }
}

function cannonRequests(request: LoadRequest): autocannon.Request[] {
  const headers: Record<string, string> = {
    ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
    ...(request.body ? { 'content-type': 'application/json' } : {}),
  };
  return [
    {
      method: request.method,
      headers,
      setupRequest: (req: autocannon.Request) => {
        const variable = request.next?.() ?? '';
        return {
          ...req,
          path: request.path(variable),
          body: request.body ? JSON.stringify(request.body(variable)) : undefined,
        };
      },
    },
  ];
}

/** The median of three requests sent one after another: the latency with no concurrency. */
async function alone(url: string, request: LoadRequest): Promise<number> {
  const result = await autocannon({ url, connections: 1, amount: 3, timeout: 120, requests: cannonRequests(request) });
  return result.latency.p50;
}

/**
 * Waits until the database runs no statement of this benchmark's (at most a minute): requests autocannon abandoned
 * at the end of a run keep their queries running (docs/architecture.md "Known traps"), and would slow the next scenario down.
 */
async function settle(db: DataSource, database: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [{ running }] = await db.query(
      "SELECT COUNT(*) AS running FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND ID <> CONNECTION_ID()",
      [database],
    );
    if (Number(running) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The executed plan of every recorded SELECT (ANALYZE on MariaDB, EXPLAIN ANALYZE on MySQL: a plain EXPLAIN showed
 * the list walking idx_leads_updated while the run joined from companies and sorted every lead), kept with the
 * results as evidence of what each scenario costs.
 */
async function explainAll(
  db: DataSource,
  flavor: DatabaseFlavor,
  recorded: Record<string, RecordedScenario>,
): Promise<Record<string, unknown[]>> {
  const analyze = flavor === 'mariadb' ? 'ANALYZE FORMAT=JSON' : 'EXPLAIN ANALYZE';
  const plans: Record<string, unknown[]> = {};
  const revive = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(revive)
      : value && typeof value === 'object' && '$date' in value
        ? new Date((value as { $date: string }).$date)
        : value;
  for (const [name, scenario] of Object.entries(recorded)) {
    plans[name] = [];
    for (const statement of scenario.statements) {
      if (!/^\s*SELECT/i.test(statement.sql)) continue;
      plans[name].push({
        sql: statement.sql.slice(0, 200),
        plan: await db
          .query(`${analyze} ${statement.sql}`, revive(statement.values) as unknown[])
          .catch((error: Error) => error.message),
      });
    }
  }
  return plans;
}
