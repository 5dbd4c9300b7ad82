import 'reflect-metadata';
import { createHttpApp, createWorkerContext, prepareInfrastructure } from './bootstrap';
import { AppConfig, ConfigError, loadConfig } from './core/config/app-config';
import { boundHeapGrowth } from './core/common/heap-growth';
import { StartupError } from './core/common/startup';
import { createRootLogger } from './core/logging/logger';

/** Starts the process for its ROLE: `all` (API + workers), `api`, or `worker`. */
export async function main(forcedRole?: AppConfig['role']): Promise<void> {
  boundHeapGrowth();
  let config: AppConfig;
  try {
    config = loadConfig(forcedRole ? { ...process.env, ROLE: forcedRole } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createRootLogger(config);
  try {
    const databaseFlavor = await prepareInfrastructure(config, logger);
    if (!config.runsApi) {
      await createWorkerContext(config, logger, databaseFlavor);
      logger.info({ role: config.role, queuePrefix: config.queuePrefix }, 'Workers started');
      return;
    }
    const app = await createHttpApp(config, logger, databaseFlavor);
    await app.listen({ port: config.port, host: '0.0.0.0' });
    logger.info({ role: config.role, port: config.port }, `zhaoshang CRM listening on http://localhost:${config.port}`);
  } catch (error) {
    if (error instanceof StartupError) {
      logger.fatal(error.message);
    } else {
      logger.fatal({ err: error }, 'Start-up failed');
    }
    logger.flush?.();
    process.exit(1);
  }
}

if (require.main === module) void main();
