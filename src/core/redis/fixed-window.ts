import type { RedisClient } from './redis-connection';

/**
 * Counts one event under `key` in a fixed window kept in Redis (shared by every instance), atomically, so parallel
 * requests cannot slip past a limit. The window starts at the first event and later ones do not extend it.
 */
export async function countInWindow(redis: RedisClient, key: string, windowMs: number): Promise<{ count: number; retryAfterSeconds: number }> {
  const results = await redis.multi().set(key, 0, 'PX', windowMs, 'NX').incr(key).pttl(key).exec();
  const count = Number(results?.[1]?.[1] ?? 0);
  const ttl = Number(results?.[2]?.[1] ?? windowMs);
  return { count, retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)) };
}
