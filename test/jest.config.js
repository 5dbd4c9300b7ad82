// Jest for Nest 12 on Node 20 (docs/architecture.md "Known traps"): swc transforms TypeScript and the ESM-only packages, which
// jest cannot require() before Node 24.9. The ESM set is found by walking node_modules, because it changes
// with every upgrade.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

function findEsmPackages(nodeModules, found = new Set()) {
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? readdirSync(join(nodeModules, entry.name), { withFileTypes: true })
          .filter((scoped) => scoped.isDirectory())
          .map((scoped) => join(entry.name, scoped.name))
      : [entry.name];
    for (const name of dirs) {
      const packageDir = join(nodeModules, name);
      try {
        if (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).type === 'module') found.add(name);
      } catch {
        // not a package
      }
      findEsmPackages(join(packageDir, 'node_modules'), found);
    }
  }
  return found;
}

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const projectRoot = join(__dirname, '..');
const esmPackages = [...findEsmPackages(join(projectRoot, 'node_modules'))].map(escape);

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: projectRoot,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  // Ignore node_modules except ESM-only packages (matched on the last node_modules/ segment).
  transformIgnorePatterns: [`node_modules/(?!(?:.*/node_modules/)?(?:${esmPackages.join('|') || '$^'})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironmentOptions: { globalsCleanup: 'off' },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/e2e-timeouts.ts'],
    },
    {
      // Slow fault injection (a Redis killed, the database cut, a worker killed): `npm run test:faults`.
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/fault-timeouts.ts'],
    },
  ],
};
