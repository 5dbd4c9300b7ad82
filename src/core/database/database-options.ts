import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { AfterCommitSubscriber } from './after-commit';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseFlavor = 'mariadb' | 'mysql';

/** How long a request may wait for a pooled connection before the caller gets 503 instead of a hang. */
const POOL_SIZE = 20;
const POOL_QUEUE_LIMIT = 500;
/** How long a replica (or the primary) that failed stays out of the pool cluster; 0 would drop it for ever (typeorm#6350). */
const RESTORE_NODE_AFTER_MS = 5_000;

const credentialsOf = (database: DatabaseConfig) => ({
  host: database.host,
  port: database.port,
  username: database.username,
  password: database.password,
  database: database.database,
});

/**
 * The one set of TypeORM options, used by the app, the CLI, the seeders and the tests.
 * The type follows the server (mariadb or mysql, docs/architecture.md "Known traps") so migration:generate sees no phantom drift.
 * With `replicas`, TypeORM keeps one pool per server (same pool settings each); every query still goes to the
 * primary unless it asks for a replica (onReplica), so writes and read-after-write never see a lagging copy.
 */
export function buildDataSourceOptions(
  database: DatabaseConfig,
  flavor: DatabaseFlavor,
  replicas: DatabaseConfig[] = [],
): DataSourceOptions {
  return {
    type: flavor,
    ...(replicas.length === 0
      ? credentialsOf(database)
      : {
          replication: {
            master: credentialsOf(database),
            slaves: replicas.map(credentialsOf),
            defaultMode: 'master' as const,
            restoreNodeTimeout: RESTORE_NODE_AFTER_MS,
          },
        }),
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
