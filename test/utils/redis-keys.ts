import { Cluster } from 'ioredis';
import type { RedisConfig } from '../../src/core/config/app-config';
import { createRedisClient } from '../../src/core/redis/redis-connection';

/** Deletes every key matching `pattern`, on the single server or on each master of a cluster; returns how many. */
export async function deleteRedisKeys(redis: RedisConfig, pattern: string): Promise<number> {
  const client = createRedisClient(redis, { lazyConnect: true });
  let deleted = 0;
  try {
    await client.connect();
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        // One key per command: keys of different hash slots cannot share a DEL on a cluster.
        if (keys.length > 0) await Promise.all(keys.map((key) => client.del(key)));
        deleted += keys.length;
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}
