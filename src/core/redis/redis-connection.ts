import type { ConnectionOptions as BullConnection } from 'bullmq';
import Redis, { Cluster, RedisOptions } from 'ioredis';
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

/** A client of the single server, or of the cluster when REDIS_CLUSTER_NODES is set; `extra` tunes either. */
export type RedisClient = Redis | Cluster;

export function createRedisClient(redis: RedisConfig, extra: RedisOptions = {}): RedisClient {
  if (redis.clusterNodes.length === 0) return new Redis({ ...redisOptions(redis), ...extra });
  const { enableOfflineQueue, lazyConnect, retryStrategy, ...nodeOptions } = extra;
  const { db: _clustersHaveOnlyDatabaseZero, retryStrategy: nodeRetry, ...shared } = redisOptions(redis);
  return new Cluster(redis.clusterNodes, {
    redisOptions: { ...shared, ...nodeOptions },
    enableOfflineQueue,
    lazyConnect,
    clusterRetryStrategy: retryStrategy ?? nodeRetry,
  });
}

// BullMQ makes its own connections from options, but a cluster it must be given as a client, which it then shares
// and never closes: these are closed when the process shuts down (closeBullClusters).
const bullClusterClients = new Set<RedisClient>();

/** BullMQ's connection: workers must wait for Redis rather than fail a command (docs/architecture.md "Known traps"); a cluster is one client. */
export function bullConnection(redis: RedisConfig): BullConnection {
  const options = { ...redisOptions(redis), maxRetriesPerRequest: null };
  if (redis.clusterNodes.length === 0) return options as BullConnection;
  const client = createRedisClient(redis, { maxRetriesPerRequest: null });
  bullClusterClients.add(client);
  return client as BullConnection;
}

export async function closeBullClusters(): Promise<void> {
  const clients = [...bullClusterClients];
  bullClusterClients.clear();
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
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
      const client = createRedisClient(redis, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        const policy = (await client.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
        if (policy[1] && policy[1] !== 'noeviction') {
          logger.warn(
            { policy: policy[1] },
            'Redis maxmemory-policy should be noeviction, or queued jobs may be evicted',
          );
        }
      } finally {
        client.disconnect();
      }
    },
  });
}
