import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/app-config';
import { createRootLogger } from '../../src/core/logging/logger';
import type { DatabaseFlavor } from '../../src/core/database/database-options';
import { prepareDatabaseServer } from '../../src/core/database/database-server';
import { TEST_ADMIN_PASSWORD } from '../setup/test-environment';

export interface TestApp {
  app: NestFastifyApplication;
  /** The first administrator's access token. */
  adminToken: string;
  /** Sends a request with `token` (the administrator's by default; null sends none). */
  request: (options: InjectOptions, token?: string | null) => Promise<LightMyRequestResponse>;
  /** Signs in and returns the token pair and user. */
  login: (
    username: string,
    password: string,
  ) => Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  close: () => Promise<void>;
}

/**
 * Boots the real application (Fastify, MariaDB, Redis, in-process workers) on this run's database and signs
 * the administrator in. `overrides` replace environment variables, e.g. to point at a proxy or another Redis.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...overrides });
  const logger = createRootLogger(config);
  const flavor: DatabaseFlavor = await prepareDatabaseServer(config.database, logger, 10);
  const app = await createHttpApp(config, logger, flavor);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();

  const inject = (options: InjectOptions, token: string | null) =>
    fastify.inject({
      ...options,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    });
  const login = async (username: string, password: string) => {
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } }, null);
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const admin = await login('admin', TEST_ADMIN_PASSWORD);
  return {
    app,
    adminToken: admin.accessToken,
    request: (options, token = admin.accessToken) => inject(options, token),
    login,
    close: () => app.close(),
  };
}
