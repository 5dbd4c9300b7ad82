import { createServer, Server, Socket } from 'node:net';
import { loadConfig } from '../../src/core/config/app-config';
import { freePort } from './spawned-app';

/**
 * A TCP proxy a test can cut and restore, to make a real server unreachable for the app under test
 * without stopping it for everyone else.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private frozen = false;

  constructor(
    readonly port: number,
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      // Forward by hand, so a frozen proxy can swallow traffic: connections stay open and nothing answers.
      client.on('data', (chunk) => this.frozen || upstream.write(chunk));
      upstream.on('data', (chunk) => this.frozen || client.write(chunk));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** Keeps every connection open but lets nothing through: a database that hangs instead of failing. */
  freeze(): void {
    this.frozen = true;
  }

  /** Ends a freeze like a network blip: the half-delivered connections are dropped, new ones work. */
  thaw(): void {
    for (const socket of this.sockets) socket.destroy();
    this.frozen = false;
  }

  /** Drops every open connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A started proxy in front of this run's MariaDB, and the DATABASE_URL that goes through it. */
export async function startDatabaseProxy(): Promise<{ proxy: TcpProxy; databaseUrl: string }> {
  const { database } = loadConfig();
  const proxy = new TcpProxy(await freePort(), database.host, database.port);
  await proxy.start();
  const databaseUrl = new URL(database.url);
  databaseUrl.hostname = '127.0.0.1';
  databaseUrl.port = String(proxy.port);
  return { proxy, databaseUrl: databaseUrl.toString() };
}
