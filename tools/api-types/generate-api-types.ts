// npm run api:types: boots the API (no workers) on the configured database, reads its OpenAPI document and
// writes the web app's types from it. Run after changing a DTO, a route or a response.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpApp, prepareInfrastructure } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
import { createRootLogger } from '../../src/core/logging/logger';
import { API_TYPES_FILE, renderApiTypes } from './render-api-types';

async function generate(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, ROLE: 'api' });
  const logger = createRootLogger(config);
  const flavor = await prepareInfrastructure(config, logger);
  const app = await createHttpApp(config, logger, flavor);
  try {
    await app.init();
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
    if (response.statusCode !== 200) throw new Error(`/api/docs-json answered ${response.statusCode}`);
    writeFileSync(join(__dirname, '..', '..', API_TYPES_FILE), await renderApiTypes(response.json()));
    process.stdout.write(`Wrote ${API_TYPES_FILE}\n`);
  } finally {
    await app.close();
  }
}

generate().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
