import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

// The README's `npm start` runs the production build: the scripts must point at what the build emits.
describe('npm start and npm run start:worker', () => {
  // Inside node_modules, so the built files resolve the project's packages as dist/ does.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'zs-build-'));
  const scripts = require(join(ROOT, 'package.json')).scripts as Record<string, string>;

  beforeAll(() => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        outDir,
        '--incremental',
        'false',
      ],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it.each(['start', 'start:worker'])(
    '%s runs a file the build emits, which loads and checks the configuration',
    (script) => {
      const entry = scripts[script].match(/node (dist\/\S+\.js)/)?.[1];
      expect(entry).toBeDefined();
      const built = join(outDir, entry!.replace(/^dist\//, ''));
      expect(existsSync(built)).toBe(true);
      // A bad PORT stops before any connection: proof the built entry and its imports load.
      const run = spawnSync(process.execPath, [built], {
        cwd: ROOT,
        env: { ...process.env, PORT: 'not-a-port' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('PORT must be an integer');
    },
  );
});
