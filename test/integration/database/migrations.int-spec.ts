import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/core/config/app-config';
import { buildDataSourceOptions } from '../../../src/core/database/database-options';
import { dropDatabase, prepareDatabaseServer } from '../../../src/core/database/database-server';
import { runPendingMigrations } from '../../../src/core/database/run-migrations';
import { createRootLogger } from '../../../src/core/logging/logger';

// Runs every committed migration on an empty database, then asks TypeORM what it would generate: nothing,
// or the entities and the migrations disagree (run `npm run migration:generate`).
describe('migrations', () => {
  const base = loadConfig();
  const logger = createRootLogger(base);
  const database = { ...base.database, database: `zs_migrate_${randomBytes(4).toString('hex')}` };
  let dataSource: DataSource;

  beforeAll(async () => {
    const flavor = await prepareDatabaseServer(database, logger, 10);
    dataSource = await new DataSource(buildDataSourceOptions(database, flavor)).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(database);
  });

  it('creates the database with utf8mb4_unicode_ci, since the data is Chinese', async () => {
    const [row] = await dataSource.query(
      'SELECT default_character_set_name AS charset, default_collation_name AS collation FROM information_schema.schemata WHERE schema_name = ?',
      [database.database],
    );
    expect(row).toEqual({ charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
  });

  it('applies every committed migration on an empty database, once', async () => {
    const files = readdirSync(join(__dirname, '../../../src/core/database/migrations')).filter((f) =>
      /\.(ts|js)$/.test(f),
    );
    const applied = await runPendingMigrations(dataSource, logger);
    expect(applied).toHaveLength(files.length);
    expect(await runPendingMigrations(dataSource, logger)).toEqual([]);
  });

  it('leaves nothing for migration:generate to generate (entities and migrations agree)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('lets two instances start at once: the migration lock makes them take turns', async () => {
    const other = await new DataSource(dataSource.options).initialize();
    try {
      const results = await Promise.all([
        runPendingMigrations(dataSource, logger),
        runPendingMigrations(other, logger),
      ]);
      expect(results).toEqual([[], []]);
    } finally {
      await other.destroy();
    }
  });
});
