import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { RedisClient } from './redis-connection';

/**
 * Counts one event under `key` in a fixed window kept in Redis (shared by every instance), atomically, so parallel
 * requests cannot slip past a limit. The window starts at the first event and later ones do not extend it.
 */
export async function countInWindow(
  redis: RedisClient,
  key: string,
  windowMs: number,
): Promise<{ count: number; retryAfterSeconds: number }> {
  const results = await redis.multi().set(key, 0, 'PX', windowMs, 'NX').incr(key).pttl(key).exec();
  const count = Number(results?.[1]?.[1] ?? 0);
  const ttl = Number(results?.[2]?.[1] ?? windowMs);
  return { count, retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)) };
}

/**
 * Counts one `what` (e.g. "uploads") under `key` and refuses it with 429 RATE_LIMITED and Retry-After past `max` in
 * the window; without Redis it refuses with 503 NOT_READY rather than run unlimited.
 */
export async function enforceRateLimit(
  redis: RedisClient,
  key: string,
  limit: { max: number; windowMs: number; what: string },
): Promise<void> {
  let counted: { count: number; retryAfterSeconds: number };
  try {
    counted = await countInWindow(redis, key, limit.windowMs);
  } catch {
    throw new DomainException(
      ErrorCode.NotReady,
      `${limit.what} are unavailable while Redis is down; try again shortly`,
    );
  }
  if (counted.count <= limit.max) return;
  const minutes = Math.round(limit.windowMs / 60_000);
  throw new DomainException(
    ErrorCode.RateLimited,
    `More than ${limit.max} ${limit.what.toLowerCase()} in ${minutes} minutes; try again in ${counted.retryAfterSeconds} s`,
    undefined,
    {
      retryAfterSeconds: counted.retryAfterSeconds,
    },
  );
}
