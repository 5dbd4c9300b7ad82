import { fakerZH_CN as faker } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { seedDemoChambers, seedDemoCompanies, seedDemoLeads, seedDemoUsers } from '../../seeds/demo/demo-crm';
import { seedDemoParks } from '../../seeds/demo/demo-parks';
import { CLUSTER_SEEDS } from '../../seeds/clusters';
import { createWorkerContext } from '../../src/bootstrap';
import { dropDatabase } from '../../src/core/database/database-server';
import { ParksService } from '../../src/modules/parks/parks.service';
import { benchEnvironment, percentile, printTable } from './bench-utils';

export interface ParkBenchOptions {
  parks: number;
  leads: number;
  matches: number;
}

/**
 * Issue 8's benchmark: top-10 parks for one profile among `parks` parks (the API's path, explained scores) beside a
 * plain SQL filter and sort on the same data in the same run; then re-score `leads` leads' fit.
 */
export async function benchParks(options: ParkBenchOptions): Promise<void> {
  const { config, logger, flavor } = await benchEnvironment('api');
  const context = await createWorkerContext(config, logger, flavor);
  await context.init();
  try {
    const dataSource = context.get(DataSource);
    faker.seed(8);
    await dataSource.transaction(async (manager) => {
      await seedDemoParks(manager, faker, options.parks);
      // Hosted segments and readiness, so every factor has something to weigh.
      await manager.query(
        `UPDATE parks SET ready_road = RAND() < 0.9, ready_water = RAND() < 0.8, ready_power = RAND() < 0.9, ready_gas = RAND() < 0.5,
                ready_network = RAND() < 0.9, ready_levelled = RAND() < 0.6, port_access = RAND() < 0.3, hazardous_chemicals_allowed = RAND() < 0.2`,
      );
      await manager.query(
        `INSERT IGNORE INTO park_segments (park_id, segment_code)
         SELECT pc.park_id, s.code FROM park_clusters pc JOIN cluster_segments s ON s.cluster_code = pc.cluster_code WHERE RAND() < 0.3`,
      );
    });
    const parks = context.get(ParksService);
    const segments = CLUSTER_SEEDS.flatMap((cluster) =>
      cluster.segments.map((segment) => ({ clusterCode: cluster.code, segmentCode: segment.code })),
    );
    const profiles = Array.from({ length: options.matches }, () => {
      const segment = faker.helpers.arrayElement(segments);
      return {
        ...segment,
        landNeedMu: faker.number.int({ min: 20, max: 600 }),
        factoryNeedSqm: faker.number.int({ min: 0, max: 30_000 }),
      };
    });
    await parks.matchProfile({ ...profiles[0], limit: 10 }); // warm the catalog
    const apiTimes: number[] = [];
    for (const profile of profiles) {
      const began = process.hrtime.bigint();
      await parks.matchProfile({ ...profile, limit: 10 });
      apiTimes.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    const sqlTimes: number[] = [];
    for (const profile of profiles) {
      const began = process.hrtime.bigint();
      await dataSource.query(
        `SELECT p.id, p.name FROM parks p JOIN park_clusters pc ON pc.park_id = p.id AND pc.cluster_code = ?
          WHERE (p.land_available_mu IS NULL OR p.land_available_mu >= ?) AND (p.factory_available_sqm IS NULL OR p.factory_available_sqm >= ?)
          ORDER BY pc.is_primary DESC, p.land_available_mu DESC, p.name LIMIT 10`,
        [profile.clusterCode, profile.landNeedMu, profile.factoryNeedSqm],
      );
      sqlTimes.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const [api, sql] = [sorted(apiTimes), sorted(sqlTimes)];

    await dataSource.transaction(async (manager) => {
      const users = await seedDemoUsers(manager);
      const companies = await seedDemoCompanies(manager, faker, Math.min(5000, Math.ceil(options.leads / 10)));
      const chambers = await seedDemoChambers(manager, faker, 50);
      await seedDemoLeads(manager, faker, options.leads, companies, chambers, users);
    });
    const began = Date.now();
    const rescored = await parks.refreshAllFits();
    const rescoreSeconds = (Date.now() - began) / 1000;

    printTable(`Park matching: ${options.parks.toLocaleString('en')} parks, ${options.matches} profiles, top 10`, [
      ['path', 'p50 (ms)', 'p99 (ms)', 'explained'],
      [
        'CRM match (API path)',
        percentile(api, 50).toFixed(2),
        percentile(api, 99).toFixed(2),
        'yes: reasons, exclusions',
      ],
      ['plain SQL filter + sort', percentile(sql, 50).toFixed(2), percentile(sql, 99).toFixed(2), 'no'],
      [
        'CRM / SQL',
        (percentile(api, 50) / percentile(sql, 50)).toFixed(2),
        (percentile(api, 99) / percentile(sql, 99)).toFixed(2),
        '',
      ],
    ]);
    printTable(`Fit re-score`, [
      ['open leads re-scored', 'seconds', 'leads/s'],
      [rescored.toLocaleString('en'), rescoreSeconds.toFixed(1), Math.round(rescored / rescoreSeconds)],
    ]);
  } finally {
    await context.close();
    await dropDatabase(config.database);
  }
}
