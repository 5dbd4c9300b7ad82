import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/core/config/app-config';
import { buildDataSourceOptions } from '../../src/core/database/database-options';
import { prepareDatabaseServer } from '../../src/core/database/database-server';
import { createRootLogger } from '../../src/core/logging/logger';

/** A TypeORM data source on this run's database, with the app's options (for integration tests). */
export async function openTestDataSource(): Promise<DataSource> {
  const config = loadConfig();
  const flavor = await prepareDatabaseServer(config.database, createRootLogger(config), 10);
  return new DataSource(buildDataSourceOptions(config.database, flavor)).initialize();
}
