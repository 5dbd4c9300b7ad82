import { INestApplication, INestApplicationContext, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { seedReferenceData } from '../seeds/reference-seeder';
import { AppModule } from './app.module';
import { mountQueueBoard } from './modules/system/queue-board';
import { ensureInitialAdmin } from './modules/users/initial-admin';
import type { AppConfig } from './core/config/app-config';
import { buildDataSourceOptions, DatabaseFlavor } from './core/database/database-options';
import { prepareDatabaseServer } from './core/database/database-server';
import { runPendingMigrations } from './core/database/run-migrations';
import { applyRequestDeadline } from './core/common/request-deadline';
import { toErrorBody } from './core/errors/all-exceptions.filter';
import { REQUEST_ID_HEADER, requestIdFor } from './core/logging/request-id';
import { waitForRedis } from './core/redis/redis-connection';
import { mountWebApp } from './core/web/web-app';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const IMPORT_FILE_LIMIT_BYTES = 30 * 1024 * 1024;

/** The database side of start-up: server reachable, database created, migrations applied, reference data loaded. */
export async function prepareDatabase(config: AppConfig, logger: Logger): Promise<DatabaseFlavor> {
  const flavor = await prepareDatabaseServer(config.database, logger, config.startupTimeoutSeconds);
  const dataSource = new DataSource(buildDataSourceOptions(config.database, flavor));
  await dataSource.initialize();
  try {
    await runPendingMigrations(dataSource, logger);
    await seedReferenceData(dataSource, logger);
    await ensureInitialAdmin(dataSource, config, logger);
  } finally {
    await dataSource.destroy();
  }
  return flavor;
}

/**
 * Everything that must hold before the app serves: the database prepared and Redis answering, each waited for
 * up to STARTUP_TIMEOUT_SECONDS.
 */
export async function prepareInfrastructure(config: AppConfig, logger: Logger): Promise<DatabaseFlavor> {
  const [flavor] = await Promise.all([
    prepareDatabase(config, logger),
    waitForRedis(config.redis, logger, config.startupTimeoutSeconds),
  ]);
  return flavor;
}

/** The HTTP application (API, docs, health; plus workers unless ROLE=api), configured but not listening. */
export async function createHttpApp(config: AppConfig, rootLogger: Logger, databaseFlavor: DatabaseFlavor) {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // Behind a reverse proxy set this deliberately; directly exposed, trusting X-Forwarded-For would let clients lie.
    trustProxy: false,
    // A client that trickles its request never holds a socket for ever.
    requestTimeout: 60_000,
    // Errors Fastify's router raises before Nest sees the request (a malformed URL) get the same body (docs/api.md "Errors").
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.status(400).send({
        ...toErrorBody({ statusCode: 400, code: (error as { code?: unknown }).code, message: error.message }),
        requestId: requestIdFor(request.raw),
      });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, rootLogger, databaseFlavor }),
    adapter,
    // Fastify's own JSON parser (with bodyLimit) is all the API needs; Nest's would add a form-urlencoded one.
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  applyRequestDeadline(fastify, config.requestTimeoutSeconds);
  // Bodies are JSON (or one multipart file): Fastify would otherwise hand a text/plain body to the DTOs as a string,
  // answered with confusing field errors instead of 415 UNSUPPORTED_MEDIA_TYPE.
  fastify.removeContentTypeParser('text/plain');
  // Graceful shutdown: responses finishing after close began tell keep-alive clients to hang up, otherwise
  // their idle sockets would hold the process open for the keep-alive timeout.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  await app.register(helmet, { contentSecurityPolicy: false });
  // Imports arrive as one multipart file, streamed; JSON bodies keep their 1 MB limit.
  await app.register(multipart, { limits: { fileSize: IMPORT_FILE_LIMIT_BYTES, files: 1, fields: 5, parts: 6 } });
  // Cross-origin callers only from the configured origins; none by default (the web app is served same-origin).
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], maxAge: 600 });
  }

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  setUpApiDocs(app);
  await mountQueueBoard(app);
  await mountWebApp(app, rootLogger);
  return app;
}

function setUpApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('zhaoshang 招商 CRM API')
      .setDescription(
        'The investment-attraction CRM of the "Three Enterprises into Guangxi" (三企入桂) campaign. ' +
          'Errors share one body: {statusCode, code, message, details?, requestId}.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** A worker-only process: the same modules, no HTTP. */
export async function createWorkerContext(
  config: AppConfig,
  rootLogger: Logger,
  databaseFlavor: DatabaseFlavor,
): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, rootLogger, databaseFlavor }),
    {
      bufferLogs: true,
    },
  );
  context.useLogger(context.get(PinoNestLogger));
  context.enableShutdownHooks();
  return context;
}
