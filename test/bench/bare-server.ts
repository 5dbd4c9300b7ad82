import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { createPool, PoolConnection, RowDataPacket } from 'mysql2/promise';

/**
 * The bare baseline of the HTTP benchmark, run as a child process: a minimal Fastify + mysql2 pool server that, for
 * each scenario, runs the statements the app was recorded sending for one such request (same text, same
 * parameters, the request's variable swapped in) on one pooled connection, and answers JSON built from the rows.
 * No authentication, validation, jurisdiction or mapping: the physical limit of this stack on this machine.
 *
 * Environment: BARE_PORT, BARE_DATABASE (mysql://user:password@host:port/name), BARE_POOL_SIZE, BARE_SCENARIOS
 * (a JSON file of RecordedScenario by name).
 */
export interface RecordedStatement {
  sql: string;
  values: unknown[];
}

export interface RecordedScenario {
  statements: RecordedStatement[];
  /** The request variable the statements were recorded with (lead id, search text), replaced by `?v=`. */
  variable: string | null;
  /** `page`: `{items, nextCursor}` from the largest result; `one`: its first row. */
  shape: 'page' | 'one';
}

/** A recorded parameter with the recorded variable replaced by this request's. */
export function substitute(value: unknown, recorded: string | null, current: string | undefined): unknown {
  if (recorded === null || current === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => substitute(item, recorded, current));
  if (typeof value === 'number') return String(value) === recorded ? Number(current) : value;
  if (typeof value === 'string') return value.split(recorded).join(current);
  return value;
}

/** JSON parameters back to what mysql2 was given (dates were recorded as {$date}). */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && '$date' in value) return new Date((value as { $date: string }).$date);
  return value;
}

async function main(): Promise<void> {
  const scenarios: Record<string, RecordedScenario> = JSON.parse(readFileSync(process.env.BARE_SCENARIOS!, 'utf8'));
  for (const scenario of Object.values(scenarios)) {
    for (const statement of scenario.statements) statement.values = revive(statement.values) as unknown[];
  }
  const url = new URL(process.env.BARE_DATABASE!);
  const pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    connectionLimit: Number(process.env.BARE_POOL_SIZE ?? 20),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  const app = Fastify({ logger: false });

  app.get<{ Params: { name: string }; Querystring: { v?: string } }>('/bare/:name', async (request, reply) => {
    const scenario = scenarios[request.params.name];
    if (!scenario) return reply.code(404).send({ message: 'no such scenario' });
    const connection: PoolConnection = await pool.getConnection();
    let largest: RowDataPacket[] = [];
    try {
      for (const statement of scenario.statements) {
        const values = statement.values.map((value) => substitute(value, scenario.variable, request.query.v));
        const [result] = await connection.query(statement.sql, values);
        if (Array.isArray(result) && result.length >= largest.length) largest = result as RowDataPacket[];
      }
    } finally {
      connection.release();
    }
    return scenario.shape === 'one' ? (largest[0] ?? null) : { items: largest, nextCursor: null };
  });

  // The funnel the naive way: a GROUP BY over every stage event of the leads created in 2025 (cohort, region-wide).
  app.get('/naive/funnel', async () => {
    const [rows] = await pool.query(
      `SELECT e.to_stage AS stage, COUNT(DISTINCT e.lead_id) AS projects, SUM(l.expected_investment) AS amount FROM leads l JOIN stage_events e ON e.lead_id = l.id
        WHERE l.merged_into_lead_id IS NULL AND l.created_at >= ? AND l.created_at < ? GROUP BY e.to_stage`,
      [new Date('2024-12-31T16:00:00Z'), new Date('2025-12-31T16:00:00Z')],
    );
    return { stages: rows };
  });

  await app.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });
  process.stdout.write('bare server listening\n');
}

void main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
