import { runScript } from '../../seeds/run-script';
import { benchAnalytics } from './analytics.bench';
import { benchHttp } from './http.bench';
import { benchParks } from './parks.bench';
import { benchReminders } from './reminders.bench';

/**
 * npm run bench [-- --only=reminders|parks|analytics|http] [--count=100000] [--spread=30] [--parks=3000] [--leads=100000] [--rows=1000000]
 * [--runs=20] [--companies=300000 --leads=1000000 --events=5000000 --notes=2000000 --parks=3000 --duration=10 --connections=50 [--keep-database] [--database=zs_bench_… to reuse a kept one] [--app=dist] [--scenarios=tasks,park list to run only those] [--profile=DIR with --app=dist: the app's CPU profile] for http]: benchmarks on this machine's MariaDB and
 * Redis, each in its own database and queue prefix; not part of npm test. Prints one table per benchmark.
 */
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
);
const only = args.only as string | undefined;

void runScript('bench', async () => {
  if (!only || only === 'reminders') {
    await benchReminders({ count: Number(args.count ?? 100_000), spreadSeconds: Number(args.spread ?? 30) });
  }
  if (!only || only === 'parks') {
    await benchParks({
      parks: Number(args.parks ?? 3000),
      leads: Number(args.leads ?? 100_000),
      matches: Number(args.matches ?? 1000),
    });
  }
  if (!only || only === 'analytics') {
    await benchAnalytics({
      leads: Number(args.rows ?? 1_000_000),
      runs: Number(args.runs ?? 20),
      naiveRuns: Number(args['naive-runs'] ?? 3),
    });
  }
  if (!only || only === 'http') {
    await benchHttp({
      companies: Number(args.companies ?? 300_000),
      leads: Number(args.leads ?? 1_000_000),
      events: Number(args.events ?? 5_000_000),
      notes: Number(args.notes ?? 2_000_000),
      parks: Number(args.parks ?? 3000),
      durationSeconds: Number(args.duration ?? 10),
      connections: Number(args.connections ?? 50),
      keepDatabase: args['keep-database'] === 'true',
      database: args.database,
      app: args.app === 'dist' ? 'dist' : 'ts-node',
      scenarioFilter: args.scenarios ? String(args.scenarios).split(',') : undefined,
      profileDir: args.profile,
    });
  }
});
