import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
import { createRootLogger } from '../../src/core/logging/logger';
import type { DatabaseFlavor } from '../../src/core/database/database-options';
import { prepareDatabaseServer } from '../../src/core/database/database-server';

export interface TestApp {
  app: NestFastifyApplication;
  request: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

/**
 * Boots the real application (Fastify, MariaDB, Redis, in-process workers) on this run's database.
 * `overrides` replace environment variables, e.g. to point at a proxy or another Redis.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...overrides });
  const logger = createRootLogger(config);
  const flavor: DatabaseFlavor = await prepareDatabaseServer(config.database, logger, 10);
  const app = await createHttpApp(config, logger, flavor);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    request: (options) => app.getHttpAdapter().getInstance().inject(options),
    close: () => app.close(),
  };
}
