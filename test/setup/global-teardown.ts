import { loadConfig } from '../../src/core/config/app-config';
import { dropDatabase } from '../../src/core/database/database-server';
import { deleteRedisKeys } from '../utils/redis-keys';

// Drops this run's database and deletes its queue keys.
export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  await dropDatabase(config.database);
  await deleteRedisKeys(config.redis, `${config.queuePrefix}*`);
}
