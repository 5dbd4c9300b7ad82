import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig } from '../src/core/config/app-config';
import { StartupError } from '../src/core/common/startup';
import { createRootLogger } from '../src/core/logging/logger';

/** Runs a command-line script with the app's validated configuration and logger; exits 1 with a readable reason. */
export async function runScript(
  name: string,
  body: (config: AppConfig, logger: Logger) => Promise<void>,
): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createRootLogger(config);
  try {
    await body(config, logger);
    logger.info(`${name} finished`);
  } catch (error) {
    logger.fatal(error instanceof StartupError ? { reason: error.message } : { err: error }, `${name} failed`);
    process.exitCode = 1;
  }
}
