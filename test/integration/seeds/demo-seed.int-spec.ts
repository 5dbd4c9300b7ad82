import { fakerZH_CN as faker } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { seedDemoChambers, seedDemoCompanies, seedDemoLeads, seedDemoUsers } from '../../../seeds/demo/demo-crm';
import { seedDemoParks } from '../../../seeds/demo/demo-parks';
import { openTestDataSource } from '../../utils/test-data-source';

class RollBack extends Error {}

// seed:demo builds a consistent picture: users of each role at each level, companies, chambers, leads in every
// stage with the events that led there. Run inside a transaction that is rolled back, leaving the run's data alone.
describe('demo data', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource();
  });
  afterAll(() => dataSource.destroy());

  it('covers every role, level and stage, and every lead’s events end at its stage', async () => {
    faker.seed(7);
    const outcome = await dataSource
      .transaction(async (manager) => {
        const users = await seedDemoUsers(manager);
        expect(new Set(users.map((user) => user.role))).toEqual(new Set(['manager', 'officer', 'resident']));
        expect(users.filter((user) => user.regionCode === '450000')).toHaveLength(3);
        const companies = await seedDemoCompanies(manager, faker, 40);
        const chambers = await seedDemoChambers(manager, faker, 5);
        expect(await seedDemoLeads(manager, faker, 300, companies, chambers, users)).toBe(300);
        expect(await seedDemoParks(manager, faker, 5)).toBe(5);

        const stages = await manager.query(
          "SELECT stage, COUNT(*) AS n FROM leads WHERE title LIKE '【演示】%' GROUP BY stage",
        );
        expect(stages.map((row: { stage: string }) => row.stage).sort()).toEqual(
          [
            'construction',
            'contacted',
            'lead',
            'lost',
            'negotiating',
            'on_hold',
            'production',
            'signed',
            'site_visit',
          ].sort(),
        );
        const mismatched = await manager.query(
          `SELECT COUNT(*) AS n FROM leads l WHERE l.title LIKE '【演示】%' AND l.stage <> (
             SELECT e.to_stage FROM stage_events e WHERE e.lead_id = l.id ORDER BY e.at DESC, e.id DESC LIMIT 1)`,
        );
        expect(Number(mismatched[0].n)).toBe(0);
        throw new RollBack();
      })
      .catch((error: unknown) => error);
    // Anything but the deliberate rollback is an assertion that failed inside.
    if (!(outcome instanceof RollBack)) throw outcome;
    const [left] = await dataSource.query("SELECT COUNT(*) AS n FROM leads WHERE title LIKE '【演示】%'");
    expect(Number(left.n)).toBe(0);
  });
});
