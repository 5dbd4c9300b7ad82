import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, LookupFunction } from 'node:net';

/** A robot answers a few dozen bytes; anything past this is not read (a hostile or broken endpoint). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** Loopback, private, link-local, shared, reserved and multicast ranges: never a public robot's address. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
// IPv6: IPv4-compatible (::/96, which holds :: and ::1), IPv4-translated, NAT64, discard, Teredo, documentation,
// 6to4, unique-local, link-local, site-local and multicast. Teredo and 6to4 embed an IPv4 address of any kind.
for (const [network, prefix] of [
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (IPv4 or IPv6, IPv4-mapped included) is one an outside service may never be reached at. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = ipv4Mapped(address);
  if (mapped) return NON_PUBLIC.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 one, dotted (::ffff:127.0.0.1) or hex (::ffff:7f00:1), or null. */
function ipv4Mapped(address: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why `url` may not be called from the server, or null. Only https, and no private address unless allowed. */
export function outboundUrlProblem(url: string, allowPrivateNetwork: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (allowPrivateNetwork) return ['http:', 'https:'].includes(parsed.protocol) ? null : 'must be http(s)';
  if (parsed.protocol !== 'https:') return 'must be https';
  // Without brackets and a trailing dot ("localhost." is localhost to a resolver).
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIP(host) !== 0 && isNonPublicAddress(host)) return 'must not point at a private or loopback address';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at a private or loopback address';
  return null;
}

/**
 * DNS resolution that refuses non-public answers, used for the connection itself: a name that resolves (or is
 * rebound) to 127.0.0.1 or an intranet address is refused at connect time, not just when the URL was checked.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (refused)
      return callback(
        Object.assign(new Error(`${hostname} resolves to a non-public address (${refused.address})`), {
          code: 'ENONPUBLIC',
        }),
        '',
        0,
      );
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

export interface OutboundResponse {
  status: number;
  text: string;
}

/**
 * POSTs JSON to an outside service and reads at most MAX_RESPONSE_BYTES of its answer. Redirects are not
 * followed (a 3xx is an answer like any other), the whole exchange has a deadline, and unless the private network
 * is allowed the connection may only go to public addresses.
 */
export function postJson(
  url: string,
  payload: object,
  { timeoutMs, allowPrivateNetwork }: { timeoutMs: number; allowPrivateNetwork: boolean },
): Promise<OutboundResponse> {
  const problem = outboundUrlProblem(url, allowPrivateNetwork);
  if (problem) return Promise.reject(new Error(`The robot URL ${problem}`));
  const body = Buffer.from(JSON.stringify(payload));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const request = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
      signal: deadline,
      ...(allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
    });
    request.on('error', (error) => reject(deadline.aborted ? new Error(`No answer within ${timeoutMs} ms`) : error));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) {
          request.destroy(new Error(`The answer is larger than ${MAX_RESPONSE_BYTES} bytes; not read`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.end(body);
  });
}
