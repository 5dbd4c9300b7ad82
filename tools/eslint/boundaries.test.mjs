// Proves the boundary rules catch what they are for (run by `npm run lint` before ESLint itself): a rule that
// silently stopped matching would let every violation through.
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import boundaries from './boundaries.mjs';

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const at = (path) => `${process.cwd()}/${path}`;

tester.run('raw-sql-location', boundaries.rules['raw-sql-location'], {
  valid: [
    { filename: at('src/modules/leads/leads.repository.ts'), code: "q('SELECT id FROM leads WHERE id = ?')" },
    { filename: at('src/modules/analytics/analytics-ledger.ts'), code: "q('SELECT id FROM stage_events')" },
    { filename: at('src/modules/leads/leads.service.ts'), code: "qb.where('lead.id = :id')" },
    { filename: at('src/modules/leads/leads.service.ts'), code: "const label = 'Select a park from the list';" },
  ],
  invalid: [
    {
      filename: at('src/modules/leads/leads.service.ts'),
      code: "q('SELECT region_code FROM visits WHERE id = ?')",
      errors: [{ messageId: 'misplaced' }],
    },
    {
      filename: at('src/modules/tasks/stall.watch.ts'),
      code: 'q(`\n  UPDATE leads SET stall_level = ? WHERE id IN (${ids})`)',
      errors: [{ messageId: 'misplaced' }],
    },
  ],
});

tester.run('table-ownership', boundaries.rules['table-ownership'], {
  valid: [
    { filename: at('src/modules/leads/leads.repository.ts'), code: "q('UPDATE leads SET title = ? WHERE id = ?')" },
    {
      filename: at('src/modules/leads/leads.repository.ts'),
      code: "q('SELECT l.id FROM leads l JOIN companies c ON c.id = l.company_id')",
    },
    { filename: at('src/modules/analytics/analytics-rebuild.ts'), code: "q('SELECT id FROM leads')" },
  ],
  invalid: [
    {
      filename: at('src/modules/parks/parks.repository.ts'),
      code: "q('UPDATE leads SET fit_score = ? WHERE id = ?')",
      errors: [{ messageId: 'write', data: { table: 'leads', owner: 'leads' } }],
    },
    {
      filename: at('src/modules/analytics/analytics-ledger.ts'),
      code: "q('INSERT INTO stage_events (lead_id) VALUES (?)')",
      errors: [{ messageId: 'write' }],
    },
    {
      filename: at('src/modules/visits/visits.repository.ts'),
      code: "q('SELECT id FROM leads WHERE id = ?')",
      errors: [{ messageId: 'read', data: { table: 'leads', owner: 'leads' } }],
    },
  ],
});

console.log('boundary rules: self-test passed');
