import Redis from 'ioredis';
import { loadConfig } from '../../src/core/config/app-config';
import { dropDatabase } from '../../src/core/database/database-server';
import { redisOptions } from '../../src/core/redis/redis-connection';

// Drops this run's database and deletes its queue keys.
export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  await dropDatabase(config.database);
  const redis = new Redis(redisOptions(config.redis));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
