import { Logger } from '@nestjs/common';

/** While Redis is away BullMQ errs on every reconnect attempt: one line per source and message this often is enough. */
const LOG_EVERY_MS = 30_000;
const logger = new Logger('Queues');

/**
 * A listener for a BullMQ queue's or worker's 'error' event (lost connections mostly, but also a failed scheduler or
 * stalled-job check). Without one BullMQ prints each error with console.error, outside the JSON log; this logs them
 * in the app's format, each distinct message at most once per 30 s per source. /health/ready reports outages itself.
 */
export function throttledErrorLogger(source: string): (error: Error) => void {
  const loggedAt = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    const message = String(error?.message ?? error);
    if (now - (loggedAt.get(message) ?? 0) < LOG_EVERY_MS) return;
    if (loggedAt.size > 100) loggedAt.clear(); // messages with ever-changing text must not grow the map
    loggedAt.set(message, now);
    logger.warn({ source, err: error }, `Queue error: ${message}`);
  };
}
