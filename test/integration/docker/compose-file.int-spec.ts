import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const COMPOSE_FILE = join(__dirname, '../../../docker/docker-compose.yml');

// No Docker engine runs here; Debian's docker-compose (v1) validates the file without one (.ci/run installs it).
describe('docker/docker-compose.yml', () => {
  it('is a valid compose file (docker-compose config -q)', () => {
    const installed = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
    if (!installed)
      throw new Error('docker-compose is not installed: apt-get install -y docker-compose (as .ci/run does)');
    expect(() => execFileSync('docker-compose', ['-f', COMPOSE_FILE, 'config', '-q'], { stdio: 'pipe' })).not.toThrow();
  });

  it('runs the engines the tests run on, with health checks, and the app after them', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    expect(text).toContain('image: mariadb:10.11');
    expect(text).toContain('image: redis:7');
    expect(text.match(/healthcheck:/g)).toHaveLength(2);
    expect(text.match(/condition: service_healthy/g)).toHaveLength(2);
  });
});
