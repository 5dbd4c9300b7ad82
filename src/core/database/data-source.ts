// The data source the TypeORM CLI loads (npm run typeorm -- migration:generate|run ...).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { createRootLogger } from '../logging/logger';
import { buildDataSourceOptions } from './database-options';
import { prepareDatabaseServer } from './database-server';

async function createCliDataSource(): Promise<DataSource> {
  const config = loadConfig();
  const flavor = await prepareDatabaseServer(config.database, createRootLogger(config), config.startupTimeoutSeconds);
  return new DataSource(buildDataSourceOptions(config.database, flavor));
}

export const cliDataSource = createCliDataSource();
