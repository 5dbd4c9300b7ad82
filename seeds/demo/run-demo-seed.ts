// `npm run seed:demo -- --size=small|medium|large [--remove]`: clearly marked demo data made with faker's zh_CN
// locale, for trying the CRM out. Never run against a production database.
// Demo generators join here as their tables land (companies, chambers, users, leads come with their modules).
import 'reflect-metadata';
import { fakerZH_CN as faker } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../../src/bootstrap';
import { buildDataSourceOptions } from '../../src/core/database/database-options';
import { StartupError } from '../../src/core/common/startup';
import { runScript } from '../run-script';
import { removeDemoParks, seedDemoParks } from './demo-parks';

export const DEMO_SIZES = { small: { parks: 30 }, medium: { parks: 300 }, large: { parks: 3000 } } as const;
type DemoSize = keyof typeof DEMO_SIZES;

function parseArguments(argv: string[]): { size: DemoSize; remove: boolean } {
  const sizeArgument = argv.find((arg) => arg.startsWith('--size='))?.slice('--size='.length) ?? 'small';
  if (!(sizeArgument in DEMO_SIZES)) {
    throw new StartupError(`--size must be one of ${Object.keys(DEMO_SIZES).join(', ')} (got ${sizeArgument})`);
  }
  return { size: sizeArgument as DemoSize, remove: argv.includes('--remove') };
}

void runScript('seed:demo', async (config, logger) => {
  const { size, remove } = parseArguments(process.argv.slice(2));
  const flavor = await prepareDatabase(config, logger);
  const dataSource = await new DataSource(buildDataSourceOptions(config.database, flavor)).initialize();
  try {
    faker.seed(20200401);
    const counts = await dataSource.transaction(async (manager) =>
      remove ? { removedParks: await removeDemoParks(manager) } : { parks: await seedDemoParks(manager, faker, DEMO_SIZES[size].parks) },
    );
    logger.info({ size, ...counts }, remove ? 'Demo data removed' : 'Demo data loaded');
  } finally {
    await dataSource.destroy();
  }
});
