import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import type { Logger } from 'pino';
import { DatabaseConfig, maskUrl } from '../config/app-config';
import type { DatabaseFlavor } from './database-options';
import { retryUntil } from '../common/startup';

/** Access problems never fix themselves by waiting; stop at once with the reason. */
const FATAL_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);

/**
 * Waits for the server (up to timeoutSeconds), creates the database if missing (utf8mb4, the data is Chinese)
 * and tells whether the server is MariaDB or MySQL.
 */
export async function prepareDatabaseServer(
  database: DatabaseConfig,
  logger: Logger,
  timeoutSeconds: number,
): Promise<DatabaseFlavor> {
  const target = maskUrl(database.url);
  return retryUntil({
    what: `database at ${target}`,
    timeoutSeconds,
    logger,
    isFatal: (error) => FATAL_CODES.has((error as { code?: string }).code ?? ''),
    giveUpMessage: (error) =>
      `Database not reachable at ${target} after ${timeoutSeconds} s (${error.message}). ` +
      'Start MariaDB/MySQL on that address, set DATABASE_URL, or run everything with ' +
      '`docker compose -f docker/docker-compose.yml up`.',
    attempt: async () => {
      const connection = await createConnection({
        host: database.host,
        port: database.port,
        user: database.username,
        password: database.password,
        connectTimeout: 3_000,
      });
      try {
        const [rows] =
          await connection.query<Array<{ version: string } & RowDataPacket>>('SELECT VERSION() AS version');
        await connection.query(createDatabaseSql(database.database));
        return /mariadb/i.test(rows[0].version) ? 'mariadb' : 'mysql';
      } finally {
        await connection.end();
      }
    },
  });
}

/** Creates a database if missing, utf8mb4 since the data is Chinese. */
function createDatabaseSql(name: string): string {
  return `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;
}

/** Runs `work` on a connection to the server that chooses no database (to create, drop or inspect one). */
async function withServer<T>(database: DatabaseConfig, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export async function createDatabaseIfMissing(database: DatabaseConfig): Promise<void> {
  await withServer(database, (connection) => connection.query(createDatabaseSql(database.database)));
}

/** How many tables `database` has (0 when it does not exist). */
export async function tableCount(database: DatabaseConfig): Promise<number> {
  return withServer(database, async (connection) => {
    const [rows] = await connection.query<Array<{ tables: number } & RowDataPacket>>(
      'SELECT COUNT(*) AS tables FROM information_schema.tables WHERE table_schema = ?',
      [database.database],
    );
    return Number(rows[0].tables);
  });
}

/** Drops a database; used by the test teardown only. */
export async function dropDatabase(database: DatabaseConfig): Promise<void> {
  await withServer(database, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${database.database}\``));
}
