import { randomBytes } from 'node:crypto';

/**
 * Each `npm test` run gets its own database and queue prefix, so two runs on one machine never collide.
 * The base URLs follow the environment (DATABASE_URL, REDIS_URL) and default to the local servers.
 */
export function createTestRunIdentity(): { databaseUrl: string; queuePrefix: string; databaseName: string } {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databaseName = `zs_test_${suffix}`;
  const base = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/zhaoshang');
  base.pathname = `/${databaseName}`;
  // On a Redis Cluster (REDIS_CLUSTER_NODES) a queue's keys must share a hash slot: the prefix is a {hashtag}.
  const queuePrefix = process.env.REDIS_CLUSTER_NODES ? `{zs_test_${suffix}}` : `zs_test_${suffix}`;
  return { databaseUrl: base.toString(), queuePrefix, databaseName };
}

/** The first administrator's password in test runs (global setup passes it as ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-2026';
