// The project's own lint rules: where SQL may be written, and which module owns each table
// (docs/architecture.md, "Layers and boundaries"). Both read SQL out of string and template literals, the only
// way this code base writes SQL; query-builder fragments ('lead.id = :id') are not statements and pass.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A whole SQL statement, not a fragment: a statement keyword first, then what makes it one. */
const STATEMENT =
  /^\s*(?:\(\s*)?(?:SELECT\b[\s\S]*\bFROM\b|UPDATE\s+`?\w+`?\s+(?:\w+\s+)?(?:SET|JOIN|INNER|LEFT)\b|INSERT\s+(?:IGNORE\s+)?INTO\b|DELETE\s+(?:\w+\s+)?FROM\b|REPLACE\s+INTO\b|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\b)/;

/**
 * Files that may hold SQL statements: repositories, analytics' read models (fed by the owners' events and
 * rebuilt from their tables), and the database plumbing in core. Everything else asks a repository.
 */
const SQL_ALLOWED = [
  /\.repository\.ts$/,
  /^src\/modules\/analytics\//,
  /^src\/core\/database\//,
  /^src\/core\/auth\//, // the signing-key table belongs to core (app_secrets)
];

/**
 * Reads of another module's table in one SQL statement, kept on purpose because a read service would cost a
 * query per page or lose an index: each is a join for display names or filters of a list, or a summary over
 * records the owner exposes no read model for. Writes are never allowed.
 */
const CROSS_MODULE_READS = {
  // Lead lists filter and show the company (ownership, flags, name) in the deferred join; the source chamber,
  // park and visit are display names and jurisdiction checks of the same row; the timeline names each entry's author.
  'src/modules/leads/leads.repository.ts': ['companies', 'company_flags', 'chambers', 'parks', 'visits', 'users'],
  // Dispatches, escalations and conflicts are listed with their lead's title and holding unit, scoped by it.
  'src/modules/linkage/linkage.repository.ts': ['leads', 'regions'],
  // Park matching scores open leads and companies against parks; cluster focus cities weigh the score. The header
  // search (GET /search) shows a park's region by name in its one query.
  'src/modules/parks/parks.repository.ts': [
    'leads',
    'companies',
    'cluster_focus_regions',
    'cluster_segments',
    'regions',
  ],
  // A team's summary counts its members' leads, stage moves and visits over a period.
  'src/modules/teams/teams.repository.ts': ['leads', 'stage_events', 'visits'],
  // The colleague directory (GET /people) shows each person's unit and team by name.
  'src/modules/users/users.repository.ts': ['regions', 'teams'],
  // The audit trail names the record an entry is about when it writes the entry (one subselect for its kind), its
  // actors in the list's statement and the users its changes name in one query for the page.
  'src/modules/audit/audit.repository.ts': [
    'users',
    'leads',
    'lead_dispatches',
    'lead_escalations',
    'lead_funds',
    'lead_notes',
    'lead_conflicts',
    'supervision_slips',
    'companies',
    'chambers',
    'parks',
    'teams',
    'tasks',
    'imports',
    'visits',
    'calendar_years',
    'regions',
  ],
  // Who reads a company's contacts in full is who works its projects: the holding chain of its leads, their
  // collaborators, a resident's own leads and team visits. The leads module depends on this one, so the check is here.
  'src/modules/companies/companies.repository.ts': ['leads', 'lead_participants', 'visits'],
  // The header search (GET /search) shows a chamber's seat by name in its one query.
  'src/modules/chambers/chambers.repository.ts': ['regions'],
  // Notifications show the sender's display name.
  'src/modules/notifications/notifications.repository.ts': ['users'],
  // The daily digest and the calendar feed are read models over the work of one user.
  'src/modules/tasks/digest.repository.ts': ['leads', 'lead_conflicts', 'lead_dispatches', 'lead_escalations', 'users'],
  'src/modules/tasks/calendar.repository.ts': ['users', 'visits'],
  // A supervision slip copies its lead's label (title, confidentiality, unit) in the statement that opens it and
  // again when the lead's label changes, so the slip list reads no lead rows.
  'src/modules/tasks/tasks.repository.ts': ['leads'],
  // A claim list (甄别确认) names the claimant, the ruler and the two units in the statement that reads the page.
  'src/modules/leads/lead-claims.repository.ts': ['users', 'regions'],
  // The visit calendar's overlap marks name the other teams that come near each entry, in one query for the page.
  'src/modules/visits/visits.repository.ts': ['teams'],
  // A working-day calendar year shows who last saved it by name.
  'src/modules/calendar/calendar.repository.ts': ['users'],
  // A stall rule version shows who saved it by name.
  'src/modules/stall-rules/stall-rules.repository.ts': ['users'],
};

/** Table name → owning module, read from the entities (`@Entity('name')` or `@Entity({ name: 'name' })`). */
function tableOwners() {
  const owners = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.entity.ts')) {
        const file = relative(projectRoot, path).split(sep).join('/');
        const owner = file.startsWith('src/modules/') ? file.split('/')[2] : 'core';
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/@Entity\(\s*\{?\s*(?:name:\s*)?'([a-z_]+)'/g)) owners.set(match[1], owner);
      }
    }
  };
  walk(join(projectRoot, 'src'));
  return owners;
}

let owners;
const ownerOf = (table) => (owners ??= tableOwners()).get(table);

const projectFile = (context) => relative(projectRoot, context.filename).split(sep).join('/');
const moduleOf = (file) => (file.startsWith('src/modules/') ? file.split('/')[2] : 'core');

function literalText(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ? ');
  return null;
}

const sqlVisitor = (check) => ({
  Literal: (node) => check(node, literalText(node)),
  TemplateLiteral: (node) => check(node, literalText(node)),
});

const rawSqlLocation = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL statements only in repositories and read models' },
    messages: {
      misplaced:
        'SQL statement outside a repository or read model: move it into this module\'s repository (docs/architecture.md, "Layers and boundaries").',
    },
    schema: [],
  },
  create(context) {
    const file = projectFile(context);
    if (!file.startsWith('src/') || file.startsWith('src/web/') || /\/migrations\//.test(file)) return {};
    if (SQL_ALLOWED.some((pattern) => pattern.test(file))) return {};
    return sqlVisitor((node, text) => {
      if (text && STATEMENT.test(text)) context.report({ node, messageId: 'misplaced' });
    });
  },
};

const TABLE_REFERENCE =
  /\b(FROM|JOIN|UPDATE|INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|DELETE\s+(?:\w+\s+)?FROM)\s+`?([a-z_]+)`?/g;

const tableOwnership = {
  meta: {
    type: 'problem',
    docs: { description: "a module's SQL touches only its own tables (reads of others' only where listed)" },
    messages: {
      write: "{{table}} belongs to the {{owner}} module: write it through that module's service, never with SQL here.",
      read: "{{table}} belongs to the {{owner}} module: read it through that module's exported read service, or list this join in tools/eslint/boundaries.mjs with the reason.",
    },
    schema: [],
  },
  create(context) {
    const file = projectFile(context);
    if (!file.startsWith('src/modules/') || /\/migrations\//.test(file)) return {};
    const module = moduleOf(file);
    const readsAllowed = module === 'analytics' ? null : new Set(CROSS_MODULE_READS[file] ?? []);
    return sqlVisitor((node, text) => {
      if (!text || !STATEMENT.test(text)) return;
      for (const [, keyword, table] of text.matchAll(TABLE_REFERENCE)) {
        const owner = ownerOf(table);
        if (!owner || owner === module) continue;
        const isRead = /^(FROM|JOIN)$/.test(keyword);
        if (!isRead) context.report({ node, messageId: 'write', data: { table, owner } });
        else if (readsAllowed && !readsAllowed.has(table))
          context.report({ node, messageId: 'read', data: { table, owner } });
      }
    });
  },
};

export default { rules: { 'raw-sql-location': rawSqlLocation, 'table-ownership': tableOwnership } };
