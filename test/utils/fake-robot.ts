import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in group robot (企业微信 / 钉钉): answers each POST with `status`, keeping what it received. */
export class FakeRobot {
  received: Array<{ url: string; body: { msgtype: string } }> = [];
  private server?: Server;
  constructor(private readonly status: number) {}

  /** Listens on loopback and returns the robot's webhook address (`path` tells several robots apart). */
  async start(path = '/robot/send'): Promise<string> {
    this.server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        this.received.push({ url: request.url ?? '', body: JSON.parse(body) });
        response
          .writeHead(this.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: this.status === 200 ? 0 : 500, errmsg: 'x' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}?access_token=test-token-1234`;
  }

  /** The messages whose text includes `text`. */
  messagesWith(text: string): Array<{ url: string; body: { msgtype: string } }> {
    return this.received.filter((message) => JSON.stringify(message.body).includes(text));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
