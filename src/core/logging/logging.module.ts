import { Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestIdFor } from './request-id';

const QUIET_PATHS = ['/health/live', '/health/ready'];

/** nestjs-pino on top of the root logger, so every log line of a request carries its reqId. */
@Module({})
export class LoggingModule {
  static forRoot(rootLogger: Logger) {
    return LoggerModule.forRoot({
      pinoHttp: {
        logger: rootLogger,
        genReqId: (req: IncomingMessage) => requestIdFor(req),
        autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
    });
  }
}
