import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toErrorBody } from '../errors/all-exceptions.filter';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { requestIdFor } from '../logging/request-id';

/** Fastify route config (`@RouteConfig(LONG_RUNNING)`) for routes that stream large files: no deadline. */
export const LONG_RUNNING = { longRunning: true };

const deadlines = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * Answers 503 NOT_READY when a request outlives its deadline: a frozen database or Redis gives no error, only
 * waits (docs/architecture.md "Known traps"), and a client is better served by an answer it can retry than by a hang. Runs before guards,
 * so sign-in checks that wait on the database are covered too.
 */
export function applyRequestDeadline(fastify: FastifyInstance, seconds: number): void {
  const clear = (request: FastifyRequest) => {
    clearTimeout(deadlines.get(request));
    deadlines.delete(request);
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    if ((request.routeOptions.config as { longRunning?: boolean } | undefined)?.longRunning) return done();
    const timer = setTimeout(() => {
      deadlines.delete(request);
      if (reply.sent) return;
      const error = new DomainException(
        ErrorCode.NotReady,
        `No answer within ${seconds} s: the database or Redis may be slow or down; try again shortly`,
      );
      void reply
        .status(503)
        .header('retry-after', '5')
        .header('content-type', 'application/json; charset=utf-8')
        .send({ ...toErrorBody(error), requestId: requestIdFor(request.raw) });
    }, seconds * 1000);
    deadlines.set(request, timer);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    clear(request);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    clear(request);
    done();
  });
}
