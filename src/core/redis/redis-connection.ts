import type { RedisOptions as BullRedisOptions } from 'bullmq';
import Redis, { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { maskUrl, RedisConfig } from '../config/app-config';
import { retryUntil } from '../common/startup';

/** ioredis options for a RedisConfig; BullMQ and our own clients share them. */
export function redisOptions(redis: RedisConfig): RedisOptions {
  return {
    host: redis.host,
    port: redis.port,
    username: redis.username,
    password: redis.password,
    db: redis.db,
    tls: redis.tls ? {} : undefined,
    connectTimeout: 3_000,
    // Keep reconnecting forever, at most every 2 s, so the service heals when Redis returns.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/** BullMQ's connection options: workers must wait for Redis rather than fail a command (STACK.md). */
export function bullConnection(redis: RedisConfig): BullRedisOptions {
  return { ...redisOptions(redis), maxRetriesPerRequest: null } as BullRedisOptions;
}

/** Waits until Redis answers PING (up to timeoutSeconds) and warns when its eviction policy could drop jobs. */
export async function waitForRedis(redis: RedisConfig, logger: Logger, timeoutSeconds: number): Promise<void> {
  const target = maskUrl(redis.url);
  await retryUntil({
    what: `Redis at ${target}`,
    timeoutSeconds,
    logger,
    isFatal: (error) => /NOAUTH|WRONGPASS|invalid password/i.test((error as Error).message ?? ''),
    giveUpMessage: (error) =>
      `Redis not reachable at ${target} after ${timeoutSeconds} s (${error.message}). ` +
      'Start Redis on that address, set REDIS_URL, or run everything with `docker compose -f docker/docker-compose.yml up`.',
    attempt: async () => {
      const client = new Redis({ ...redisOptions(redis), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        const policy = (await client.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
        if (policy[1] && policy[1] !== 'noeviction') {
          logger.warn({ policy: policy[1] }, 'Redis maxmemory-policy should be noeviction, or queued jobs may be evicted');
        }
      } finally {
        client.disconnect();
      }
    },
  });
}
