import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toErrorBody } from '../errors/all-exceptions.filter';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/**
 * Paths the app shell never answers: the API, health, docs and the queue board keep their own 404s, and a missing
 * asset (an old tab asking for a chunk of the previous build) is a 404 rather than HTML parsed as a script.
 */
const NOT_APP_ROUTES = ['/api/', '/health/', '/admin/queues', '/assets/'];

/** dist/web of the project: found from this file up to package.json, so it works from src (tests) and dist. */
export function webAppDirectory(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return join(folder, 'dist', 'web');
}

/**
 * Serves the built web app (`npm run build` puts it in dist/web) at `/`: its hashed assets with a long cache
 * life, and index.html for every other GET outside the API, so history-mode routes (/leads/42) survive a reload.
 */
export async function mountWebApp(
  app: NestFastifyApplication,
  logger: Logger,
  directory = webAppDirectory(),
): Promise<void> {
  const indexFile = join(directory, 'index.html');
  if (!existsSync(indexFile)) {
    logger.warn({ directory }, 'The web app is not built (npm run build); only the API is served');
    return;
  }
  const indexHtml = readFileSync(indexFile);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: directory,
    // Routes for the files present now (hashed names); the catch-all below answers everything else.
    wildcard: false,
    index: false,
    setHeaders: (response, path) => {
      response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (NOT_APP_ROUTES.some((prefix) => request.url.startsWith(prefix))) {
      const body = toErrorBody(
        new DomainException(ErrorCode.NotFound, `Cannot ${request.method} ${request.url.split('?')[0]}: no such route`),
      );
      return reply.status(404).send({ ...body, requestId: String(request.id) });
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
}
