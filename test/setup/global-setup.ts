import { prepareInfrastructure } from '../../src/bootstrap';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { DatabaseConfig, loadConfig } from '../../src/core/config/app-config';
import { createRootLogger } from '../../src/core/logging/logger';
import { createTestRunIdentity, TEST_ADMIN_PASSWORD } from './test-environment';

// Creates this run's database (migrations + reference data) once; every suite then boots the real app on it.
export default async function globalSetup(): Promise<void> {
  const identity = createTestRunIdentity();
  process.env.DATABASE_URL = identity.databaseUrl;
  process.env.QUEUE_PREFIX = identity.queuePrefix;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.NODE_ENV = 'test';
  process.env.ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
  const config = loadConfig();
  await dropAbandonedTestDatabases(config.database);
  await prepareInfrastructure(config, createRootLogger(config));
}

const ABANDONED_AFTER_MS = 6 * 3600 * 1000;

/** Runs killed before their teardown leave databases behind; drop those older than six hours (the name has the time). */
async function dropAbandonedTestDatabases(database: DatabaseConfig): Promise<void> {
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
  });
  try {
    const [rows] = await connection.query<RowDataPacket[]>("SHOW DATABASES LIKE 'zs\\_test\\_%'");
    for (const row of rows) {
      const name = String(Object.values(row)[0]);
      const startedAt = parseInt(name.split('_')[2] ?? '', 36);
      if (Number.isFinite(startedAt) && Date.now() - startedAt > ABANDONED_AFTER_MS)
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  } finally {
    await connection.end();
  }
}
