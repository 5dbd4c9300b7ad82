import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { waitUntil } from './spawned-app';

/**
 * A Redis of the test's own on its own port, so a test can stop it without disturbing anything else. By default it
 * keeps nothing, so a restart is a flushed Redis; `persistent` keeps an append-only file (fsync on every write) in a
 * directory of its own, so a restart after a kill is a real outage with the queues still there, as in production.
 */
export class OwnRedisServer {
  private process: ChildProcess | null = null;
  private readonly dataDir: string | null;

  constructor(
    readonly port: number,
    { persistent = false }: { persistent?: boolean } = {},
  ) {
    this.dataDir = persistent ? mkdtempSync(join(tmpdir(), 'zs-redis-')) : null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.dataDir
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dataDir]
      : ['--appendonly', 'no'];
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      { stdio: 'ignore' },
    );
    await waitUntil(`redis-server on ${this.port}`, async () => {
      const client = new Redis({
        port: this.port,
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops it and deletes its data directory. */
  async remove(): Promise<void> {
    await this.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
