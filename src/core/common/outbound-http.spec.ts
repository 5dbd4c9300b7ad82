import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:net';
import { isNonPublicAddress, outboundUrlProblem, postJson, publicOnlyLookup } from './outbound-http';

describe('outbound addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::7f00:1',
    '::ffff:0:7f00:1',
    '2002:7f00:1::',
    '2001:0:4136::1',
    'fec0::1',
    '64:ff9b:1::a00:1',
    'not-an-ip',
  ])('treats %s as non-public', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each(['8.8.8.8', '101.226.129.1', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  it('allows only https to public hosts unless the private network is allowed', () => {
    expect(outboundUrlProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', false)).toBeNull();
    expect(outboundUrlProblem('http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', false)).toBe('must be https');
    expect(outboundUrlProblem('https://127.0.0.1:8080/robot', false)).toMatch(/private or loopback/);
    expect(outboundUrlProblem('https://[::1]/robot', false)).toMatch(/private or loopback/);
    expect(outboundUrlProblem('https://169.254.169.254/latest/meta-data', false)).toMatch(/private or loopback/);
    expect(outboundUrlProblem('https://localhost/robot', false)).toMatch(/private or loopback/);
    expect(outboundUrlProblem('file:///etc/passwd', false)).toBe('must be https');
    expect(outboundUrlProblem('http://10.0.0.5/robot', true)).toBeNull();
    expect(outboundUrlProblem('gopher://10.0.0.5/', true)).toBe('must be http(s)');
  });

  it('reads hex and numeric spellings of loopback as loopback', () => {
    for (const url of [
      'https://localhost./robot',
      'https://[::127.0.0.1]/robot',
      'https://0x7f000001/robot',
      'https://127.1/robot',
      'https://[::ffff:127.0.0.1]/robot',
      'https://2130706433/robot',
    ]) {
      expect({ url, problem: outboundUrlProblem(url, false) }).toEqual({
        url,
        problem: expect.stringMatching(/private or loopback/),
      });
    }
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const answer = await new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>(
      (resolve) => publicOnlyLookup('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(answer.error?.code).toBe('ENONPUBLIC');
    expect(answer.error?.message).toMatch(/localhost resolves to a non-public address/);
  });

  it('does not send to a refused URL at all', async () => {
    await expect(
      postJson('http://qyapi.weixin.qq.com/send', {}, { timeoutMs: 1000, allowPrivateNetwork: false }),
    ).rejects.toThrow('The robot URL must be https');
    await expect(
      postJson('https://10.0.0.1/send', {}, { timeoutMs: 1000, allowPrivateNetwork: false }),
    ).rejects.toThrow(/private or loopback/);
  });

  it('checks the address each connection resolves to, so a public-looking name cannot lead inside', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    // The resolver (stubbed: no DNS here) answers loopback for a name that passes the URL check.
    // require: the module object itself, not an import's copy, so the spy sees the lookups.
    const lookup = jest
      .spyOn(require('node:dns') as typeof import('node:dns'), 'lookup')
      .mockImplementation(((
        _hostname: string,
        _options: unknown,
        callback: (error: null, addresses: LookupAddress[]) => void,
      ) => callback(null, [{ address: '127.0.0.1', family: 4 }])) as never);
    try {
      await expect(
        postJson(`https://robot.example:${port}/send`, {}, { timeoutMs: 2_000, allowPrivateNetwork: false }),
      ).rejects.toThrow('robot.example resolves to a non-public address (127.0.0.1)');
      expect(connections).toBe(0);
    } finally {
      lookup.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
