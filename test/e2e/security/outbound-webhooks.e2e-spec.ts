import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../../src/core/config/app-config';
import { ChannelSenders } from '../../../src/modules/notifications/channels/channel-senders';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP endpoint standing in for a robot (or for a hostile server posing as one); counts what reaches it. */
class Endpoint {
  hits = 0;
  private readonly server: Server;
  constructor(handler: Handler) {
    this.server = createServer((request, response) => {
      this.hits += 1;
      request.resume();
      request.on('end', () => handler(request, response));
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/robot/send`;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const senderFor = (url: string, allowPrivateNetwork: boolean) =>
  new ChannelSenders({
    channels: { smtpFrom: 'crm@example.gov.cn', wecomWebhookUrl: url, allowPrivateNetwork },
  } as unknown as AppConfig);
const alert = { channel: 'wecom' as const, recipient: 'group', title: '线索逾期', body: null };

// OWASP API7 (SSRF) and API10 (unsafe consumption of APIs) for the one place the server calls out: the robots.
describe('outbound robot calls', () => {
  const endpoints: Endpoint[] = [];
  const endpoint = async (handler: Handler) => {
    const created = new Endpoint(handler);
    endpoints.push(created);
    return { endpoint: created, url: await created.start() };
  };
  afterAll(async () => {
    for (const created of endpoints) await created.stop();
  });

  it('sends to an allowed robot and reads its answer', async () => {
    const robot = await endpoint((_request, response) => response.end('{"errcode":0,"errmsg":"ok"}'));
    await expect(senderFor(robot.url, true).send(alert)).resolves.toBeUndefined();
    expect(robot.endpoint.hits).toBe(1);
  });

  it('never calls a loopback or http robot unless the private network is allowed', async () => {
    const robot = await endpoint((_request, response) => response.end('{"errcode":0}'));
    await expect(senderFor(robot.url, false).send(alert)).rejects.toThrow('The robot URL must be https');
    await expect(senderFor(robot.url.replace('http:', 'https:'), false).send(alert)).rejects.toThrow(
      /private or loopback/,
    );
    expect(robot.endpoint.hits).toBe(0);
  });

  it('stops reading an endless answer after 64 KiB', async () => {
    let written = 0;
    const flood = await endpoint((_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < 50 * 1024 * 1024 && response.write(chunk)) written += chunk.length;
        if (written < 50 * 1024 * 1024 && !response.destroyed) response.once('drain', pump);
        else response.end();
      };
      pump();
    });
    await expect(senderFor(flood.url, true).send(alert)).rejects.toThrow(/larger than 65536 bytes/);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('does not follow a redirect to somewhere else', async () => {
    const target = await endpoint((_request, response) => response.end('{"errcode":0}'));
    const redirecting = await endpoint((_request, response) => response.writeHead(307, { location: target.url }).end());
    await expect(senderFor(redirecting.url, true).send(alert)).rejects.toThrow(/HTTP 307/);
    expect(target.endpoint.hits).toBe(0);
  });

  it('gives up on a robot that never answers, with an error the retry can act on', async () => {
    const silent = await endpoint(() => undefined);
    const started = Date.now();
    await expect(senderFor(silent.url, true).send(alert)).rejects.toThrow(/No answer within|aborted/i);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
