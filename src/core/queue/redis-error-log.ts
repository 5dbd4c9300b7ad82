import { Logger } from '@nestjs/common';

/** While Redis is away BullMQ errs on every reconnect attempt; one log line per queue this often is enough. */
const LOG_EVERY_MS = 30_000;
const logger = new Logger('Queues');

/**
 * A listener for a BullMQ queue's or worker's 'error' event. Without one BullMQ prints each error with
 * console.error, outside the JSON log; this logs them in the app's format, at most one per source every 30 s.
 * /health/ready reports the outage itself.
 */
export function redisErrorLogger(source: string): (error: Error) => void {
  let loggedAt = 0;
  return (error) => {
    const now = Date.now();
    if (now - loggedAt < LOG_EVERY_MS) return;
    loggedAt = now;
    logger.warn({ source, err: error }, 'Lost Redis; BullMQ reconnects by itself');
  };
}
