// `npm run seed:demo -- --size=small|medium|large [--remove]`: clearly marked demo data made with faker's zh_CN
// locale, for trying the CRM out. Never run against a production database.
import 'reflect-metadata';
import { fakerZH_CN as faker } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../../src/bootstrap';
import { buildDataSourceOptions } from '../../src/core/database/database-options';
import { StartupError } from '../../src/core/common/startup';
import { runScript } from '../run-script';
import {
  DEMO_PASSWORD,
  removeDemoCrm,
  seedDemoChambers,
  seedDemoCompanies,
  seedDemoLeads,
  seedDemoUsers,
} from './demo-crm';
import { removeDemoParks, seedDemoParks } from './demo-parks';
import { Queue } from 'bullmq';
import { QueueName } from '../../src/core/queue/queue.constants';
import { bullConnection } from '../../src/core/redis/redis-connection';
import { queueRebuild } from '../../src/modules/analytics/analytics-rebuild';

export const DEMO_SIZES = {
  small: { parks: 30, companies: 50, chambers: 10, leads: 200 },
  medium: { parks: 300, companies: 1_000, chambers: 50, leads: 5_000 },
  large: { parks: 3_000, companies: 10_000, chambers: 200, leads: 50_000 },
} as const;
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
    const sizes = DEMO_SIZES[size];
    const counts = await dataSource.transaction(async (manager) => {
      // Demo data is replaced, never added to: a second run gives the same picture.
      const removed = { ...(await removeDemoCrm(manager)), parks: await removeDemoParks(manager) };
      if (remove) return { removed };
      const users = await seedDemoUsers(manager);
      const companies = await seedDemoCompanies(manager, faker, sizes.companies);
      const chambers = await seedDemoChambers(manager, faker, sizes.chambers);
      return {
        users: users.length,
        companies: companies.length,
        chambers: chambers.length,
        leads: await seedDemoLeads(manager, faker, sizes.leads, companies, chambers, users),
        parks: await seedDemoParks(manager, faker, sizes.parks),
      };
    });
    logger.info({ size, ...counts }, remove ? 'Demo data removed' : 'Demo data loaded');
    // The demo rows bypass the per-lead analytics bookkeeping: a wiping rebuild (run by a worker now, or at the
    // next start) makes the funnel and targets count exactly what is there.
    const analyticsQueue = new Queue(QueueName.Analytics, {
      connection: bullConnection(config.redis),
      prefix: config.queuePrefix,
    });
    try {
      await queueRebuild(analyticsQueue, true);
      logger.info('Analytics rebuild queued (the dashboard fills in as a worker runs it)');
    } catch (error) {
      logger.warn(
        { err: error },
        'Could not queue the analytics rebuild; run it from 设置 or POST /api/v1/admin/analytics/rebuild',
      );
    } finally {
      await analyticsQueue.close();
    }
    if (!remove)
      logger.info(`Demo users are demo.<role>.<unit code> (e.g. demo.officer.450100), password ${DEMO_PASSWORD}`);
  } finally {
    await dataSource.destroy();
  }
});
