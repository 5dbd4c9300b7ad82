import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seedReferenceData } from '../../../seeds/reference-seeder';
import { loadConfig } from '../../../src/core/config/app-config';
import { createBackup, restoreBackup } from '../../../src/core/database/backup';
import { buildDataSourceOptions } from '../../../src/core/database/database-options';
import { dropDatabase, prepareDatabaseServer } from '../../../src/core/database/database-server';
import { runPendingMigrations } from '../../../src/core/database/run-migrations';
import { createRootLogger } from '../../../src/core/logging/logger';

/** Every table's row count and checksum: equal on both sides means the same data. */
async function fingerprint(dataSource: DataSource, database: string): Promise<Record<string, string>> {
  const tables: Array<{ name: string }> = await dataSource.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
    [database],
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [{ rows }] = await dataSource.query(`SELECT COUNT(*) AS \`rows\` FROM \`${database}\`.\`${name}\``);
    const [{ Checksum }] = await dataSource.query(`CHECKSUM TABLE \`${database}\`.\`${name}\``);
    result[name] = `${rows}:${Checksum}`;
  }
  return result;
}

// npm run backup / npm run restore (README "Backup and restore"): a round trip on databases of the test's own.
describe('backup and restore', () => {
  const base = loadConfig();
  const logger = createRootLogger(base);
  const suffix = randomBytes(4).toString('hex');
  const source = { ...base.database, database: `zs_backup_src_${suffix}` };
  const target = { ...base.database, database: `zs_backup_dst_${suffix}` };
  const directory = mkdtempSync(join(tmpdir(), 'zs-backup-'));
  let dataSource: DataSource;

  beforeAll(async () => {
    const flavor = await prepareDatabaseServer(source, logger, 10);
    dataSource = await new DataSource(buildDataSourceOptions(source, flavor)).initialize();
    await runPendingMigrations(dataSource, logger);
    // The reference data (regions, clusters, parks) plus a company and a user: Chinese text, JSON and foreign keys.
    await seedReferenceData(dataSource);
    await dataSource.query(
      "INSERT INTO companies (name, name_normalised, name_pinyin, name_initials, ownership, flags, contacts, version) VALUES ('广西柳工机械股份有限公司', '广西柳工机械', 'guangxiliugongjixie', 'gxlgjx', 'local_soe', '[]', ?, 1)",
      [JSON.stringify([{ name: '陈经理', phone: '13812345678' }])],
    );
    await dataSource.query(
      "INSERT INTO users (username, display_name, role, region_code, password_hash, version) VALUES ('backup.test', '备份测试', 'admin', '450000', 'x', 1)",
    );
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(source);
    await dropDatabase(target);
    rmSync(directory, { recursive: true, force: true });
  });

  it('dumps the database to a timestamped file and restores it into an empty one, table for table', async () => {
    const file = await createBackup(source, directory);
    expect(file).toMatch(new RegExp(`zhaoshang-${source.database}-\\d{8}T\\d{6}Z\\.sql\\.gz$`));
    expect(readdirSync(directory)).toEqual([file.split('/').pop()]);

    await restoreBackup(file, target);
    const before = await fingerprint(dataSource, source.database);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(await fingerprint(dataSource, target.database)).toEqual(before);
    const [company] = await dataSource.query(
      `SELECT name, JSON_UNQUOTE(JSON_EXTRACT(contacts, '$[0].name')) AS contactName FROM \`${target.database}\`.companies`,
    );
    expect(company.name).toBe('广西柳工机械股份有限公司');
    expect(company.contactName).toBe('陈经理');
  }, 120_000);

  it('leaves no file behind when the dump fails', async () => {
    const missing = { ...base.database, database: `zs_backup_missing_${suffix}` };
    const empty = mkdtempSync(join(tmpdir(), 'zs-backup-'));
    try {
      await expect(createBackup(missing, empty)).rejects.toThrow(/dump failed/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
