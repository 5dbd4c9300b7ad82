import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
// Accept a caller's id only if it is short and plain, so it cannot forge log lines.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const assignedIds = new WeakMap<IncomingMessage, string>();

/** The request's id: the incoming x-request-id when it is acceptable, else a new UUID; stable per request. */
export function requestIdFor(raw: IncomingMessage): string {
  let id = assignedIds.get(raw);
  if (id === undefined) {
    const incoming = raw.headers[REQUEST_ID_HEADER];
    id = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    assignedIds.set(raw, id);
  }
  return id;
}
