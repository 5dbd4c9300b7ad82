import { prepareInfrastructure } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
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
  await prepareInfrastructure(config, createRootLogger(config));
}
