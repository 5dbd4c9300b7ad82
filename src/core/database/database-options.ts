import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { AfterCommitSubscriber } from './after-commit';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseFlavor = 'mariadb' | 'mysql';

/** How long a request may wait for a pooled connection before the caller gets 503 instead of a hang. */
const POOL_SIZE = 20;
const POOL_QUEUE_LIMIT = 500;

/**
 * The one set of TypeORM options, used by the app, the CLI, the seeders and the tests.
 * The type follows the server (mariadb or mysql, STACK.md) so migration:generate sees no phantom drift.
 */
export function buildDataSourceOptions(database: DatabaseConfig, flavor: DatabaseFlavor): DataSourceOptions {
  return {
    type: flavor,
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // Schema changes only through committed migrations.
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    entities: [join(__dirname, '../../**/*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations/*.{ts,js}')],
    subscribers: [AfterCommitSubscriber],
    namingStrategy: new SnakeNamingStrategy(),
    bigNumberStrings: true,
    supportBigNumbers: true,
    connectTimeout: 5_000,
    extra: {
      connectionLimit: POOL_SIZE,
      queueLimit: POOL_QUEUE_LIMIT,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
    },
  };
}
