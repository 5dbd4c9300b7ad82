import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PRINCIPAL_RESOLVER, PrincipalResolver } from '../../core/auth/principal';
import { toErrorBody } from '../../core/errors/all-exceptions.filter';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { QueueName } from '../../core/queue/queue.constants';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** The web app keeps the access token in this cookie for pages a browser opens directly (the queue board). */
export const ACCESS_TOKEN_COOKIE = 'zs_access_token';

/**
 * Bull Board (the queues' jobs, retries and failures) at /admin/queues, for administrators only: its own Fastify
 * routes sit outside Nest's guard, so a hook here checks the access token (Authorization header or cookie).
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter,
    options: { uiConfig: { boardTitle: '招商CRM 队列' } },
  });
  const resolver = app.get<PrincipalResolver>(PRINCIPAL_RESOLVER);
  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (board) => {
      board.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const bearer = bearerToken(request);
        const token = bearer ?? cookieToken(request);
        try {
          if (!token)
            throw new DomainException(ErrorCode.Unauthenticated, 'Sign in as an administrator to see the queues');
          // The board can retry, clean and remove jobs: a cookie alone (which another site's form would send) never
          // authorises a change, only a request from this origin does.
          if (!bearer && !['GET', 'HEAD'].includes(request.method) && !sameOrigin(request)) {
            throw new DomainException(ErrorCode.Forbidden, 'Queue changes must come from the board itself');
          }
          const principal = await resolver.resolve(token, String(request.id));
          if (principal.role !== 'admin')
            throw new DomainException(ErrorCode.Forbidden, 'The queue board is for administrators');
        } catch (error) {
          const body = toErrorBody(error);
          return reply.status(body.statusCode).send({ ...body, requestId: String(request.id) });
        }
      });
      await board.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    });
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? request.headers.referer;
  if (!origin) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function cookieToken(request: FastifyRequest): string | undefined {
  const cookies = request.headers.cookie?.split(';').map((part) => part.trim().split('=')) ?? [];
  const found = cookies.find(([name]) => name === ACCESS_TOKEN_COOKIE);
  return found?.[1] ? decodeURIComponent(found[1]) : undefined;
}
