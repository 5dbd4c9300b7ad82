import { fakerZH_CN as faker } from '@faker-js/faker';
import { randomBytes } from 'node:crypto';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { seedDemoChambers, seedDemoCompanies, seedDemoLeads, seedDemoUsers } from '../../../seeds/demo/demo-crm';
import { prepareDatabase } from '../../../src/bootstrap';
import { JurisdictionScope } from '../../../src/core/auth/jurisdiction-scope';
import { loadConfig } from '../../../src/core/config/app-config';
import { buildDataSourceOptions } from '../../../src/core/database/database-options';
import { dropDatabase } from '../../../src/core/database/database-server';
import { createRootLogger } from '../../../src/core/logging/logger';
import type { LeadSort } from '../../../src/modules/leads/dto/lead.dto';
import { LeadEntity } from '../../../src/modules/leads/lead.entity';
import { LeadFilter, LeadsRepository } from '../../../src/modules/leads/leads.repository';

/** Keeps the last SELECT TypeORM ran, with its parameters, so the test can EXPLAIN it. */
class LastQuery implements TypeOrmLogger {
  sql = '';
  parameters: unknown[] = [];
  logQuery(query: string, parameters?: unknown[]): void {
    if (query.startsWith('SELECT')) [this.sql, this.parameters] = [query, parameters ?? []];
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

// The lead list must never read the whole leads table for a filter the UI offers (issue 4). EXPLAIN every
// filter and sort on a database of a few thousand leads, as a region-level and a city-level caller.
describe('lead list queries use indexes', () => {
  const base = loadConfig();
  const database = { ...base.database, database: `zs_explain_${randomBytes(4).toString('hex')}` };
  const lastQuery = new LastQuery();
  let dataSource: DataSource;
  let leads: LeadsRepository;

  beforeAll(async () => {
    const flavor = await prepareDatabase({ ...base, database }, createRootLogger(base));
    dataSource = await new DataSource({
      ...buildDataSourceOptions(database, flavor),
      logging: ['query'],
      logger: lastQuery,
    }).initialize();
    faker.seed(11);
    await dataSource.transaction(async (manager) => {
      const users = await seedDemoUsers(manager);
      const companies = await seedDemoCompanies(manager, faker, 400);
      const chambers = await seedDemoChambers(manager, faker, 20);
      await seedDemoLeads(manager, faker, 6000, companies, chambers, users);
    });
    await dataSource.query('ANALYZE TABLE leads, lead_categories, company_flags, companies');
    leads = new LeadsRepository(dataSource.getRepository(LeadEntity));
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(database);
  });

  const filters: Array<[string, LeadFilter]> = [
    ['none', {}],
    ['stage', { stages: ['negotiating'] }],
    ['cluster', { clusterCode: 'electronics' }],
    ['owner', { ownerUserId: '5' }],
    ['source', { sourceKind: 'exhibition' }],
    ['chamber', { chamberId: '3' }],
    ['ownership', { ownership: 'foreign' }],
    ['unit', { unit: JurisdictionScope.of({ regionCode: '450200', cityCode: '450200' }) }],
    ['stale', { staleSince: new Date(Date.now() - 200 * 24 * 3600 * 1000) }],
    ['category', { category: 'five50_top500' }],
    ['flag', { flag: 'leading' }],
    ['investment', { minInvestment: 50, maxInvestment: 60 }],
    ['search', { q: '智能' }],
  ];
  const sorts: LeadSort[] = ['updatedAt', 'expectedInvestment', 'nextFollowUpAt'];
  const callers = {
    region: { scope: JurisdictionScope.of({ regionCode: '450000', cityCode: null }) },
    city: { scope: JurisdictionScope.of({ regionCode: '450100', cityCode: '450100' }) },
  };

  const planOf = async () => {
    expect(lastQuery.sql).toContain('FROM `leads` `lead`');
    const plan: Array<{ table: string; type: string; key: string | null }> = await dataSource.query(
      `EXPLAIN ${lastQuery.sql}`,
      lastQuery.parameters,
    );
    return plan.filter((step) => step.table === 'lead');
  };

  it.each(Object.keys(callers))('reads leads through an index for every filter, as a %s caller', async (caller) => {
    const fullScans: string[] = [];
    for (const [name, filter] of filters) {
      await leads.listForAccess(callers[caller as keyof typeof callers], filter, 'updatedAt', undefined, 50);
      for (const step of await planOf()) if (step.type === 'ALL') fullScans.push(`${name}: ${step.type} ${step.key}`);
    }
    expect(fullScans).toEqual([]);
  });

  it.each(sorts)('reads leads through an index when sorting by %s in a city', async (sort) => {
    await leads.listForAccess(callers.city, {}, sort, undefined, 50);
    expect((await planOf()).map((step) => step.type)).not.toContain('ALL');
  });

  it('would notice a full scan (the check itself works)', async () => {
    await dataSource.query('SELECT * FROM leads lead WHERE lead.title LIKE ?', ['%项目%']);
    lastQuery.sql = 'SELECT * FROM `leads` `lead` WHERE lead.title LIKE ?';
    lastQuery.parameters = ['%项目%'];
    expect((await planOf()).map((step) => step.type)).toContain('ALL');
  });
});
