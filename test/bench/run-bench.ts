import { runScript } from '../../seeds/run-script';
import { benchAnalytics } from './analytics.bench';
import { benchParks } from './parks.bench';
import { benchReminders } from './reminders.bench';

/**
 * npm run bench [-- --only=reminders|parks|analytics] [--count=100000] [--spread=30] [--parks=3000] [--leads=100000] [--rows=1000000]
 * [--runs=20]: benchmarks on this machine's MariaDB and
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
    await benchParks({ parks: Number(args.parks ?? 3000), leads: Number(args.leads ?? 100_000), matches: Number(args.matches ?? 1000) });
  }
  if (!only || only === 'analytics') {
    await benchAnalytics({ leads: Number(args.rows ?? 1_000_000), runs: Number(args.runs ?? 20), naiveRuns: Number(args['naive-runs'] ?? 3) });
  }
});
