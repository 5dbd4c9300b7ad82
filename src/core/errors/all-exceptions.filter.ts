import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestIdFor } from '../logging/request-id';
import { DomainException } from './domain.exception';
import { ErrorBody, ErrorCode, ErrorDetail } from './error-codes';

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.NotReady,
};

// Messages that say what to do, for statuses whose framework message does not.
const STATUS_MESSAGES: Record<number, string> = {
  413: 'Request body is larger than the 1 MB limit',
  415: 'Unsupported Content-Type; send application/json',
};

// Driver errors that mean "the database is not reachable right now", not "the request is wrong".
const DATABASE_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'POOL_ENQUEUELIMIT',
  'ER_SERVER_SHUTDOWN',
]);

/** The one place where any thrown thing becomes the docs/api.md "Errors" body. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The request deadline may have answered already; the late failure is only logged below.
    const alreadyAnswered = reply?.sent === true;
    const requestId = request?.raw ? requestIdFor(request.raw) : undefined;
    const body = { ...toErrorBody(exception), requestId };

    if (body.statusCode >= 500 && body.code !== ErrorCode.NotReady) {
      this.logger.error({ err: loggableError(exception), requestId, url: request?.url }, 'Unhandled error');
    } else if (body.code === ErrorCode.NotReady) {
      this.logger.warn({ requestId, url: request?.url, reason: describe(exception) }, 'Dependency not ready');
    }
    if (alreadyAnswered) return;
    const retryAfter = exception instanceof DomainException ? exception.options.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    else if (body.code === ErrorCode.NotReady) void reply.header('retry-after', '5');
    // Routes that send files set another content type up front; an error is always JSON.
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

export function toErrorBody(exception: unknown): Omit<ErrorBody, 'requestId'> {
  if (exception instanceof DomainException) {
    return withDetails(exception.status, exception.code, exception.message, exception.details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return withDetails(
      status,
      codeForStatus(status),
      STATUS_MESSAGES[status] ?? (status === 404 ? notFoundMessage(message) : message),
    );
  }
  if (isUniqueViolation(exception)) {
    // A race past a service's own duplicate check: the database's unique index had the last word.
    return withDetails(
      409,
      ErrorCode.Duplicate,
      'A record with the same unique value already exists; reload and try again',
    );
  }
  if (isLockConflict(exception)) {
    // Two transactions took the same rows in opposite order (or waited too long): nothing was written.
    return withDetails(
      409,
      ErrorCode.Conflict,
      'Someone else was changing the same records at the same moment; nothing was saved, try again',
    );
  }
  if (isDatabaseUnavailable(exception)) {
    return withDetails(503, ErrorCode.NotReady, 'The database is not reachable; try again shortly', [
      { field: 'database', constraint: 'reachable', message: 'database is down' },
    ]);
  }
  const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Errors Fastify raises before a handler runs: bad JSON, body too large, wrong content type.
    return withDetails(fastifyError.statusCode, codeForStatus(fastifyError.statusCode), fastifyMessage(fastifyError));
  }
  return withDetails(500, ErrorCode.Internal, 'Internal server error; the log has the details under this requestId');
}

function withDetails(statusCode: number, code: ErrorCode, message: string, details?: ErrorDetail[]) {
  return details && details.length > 0 ? { statusCode, code, message, details } : { statusCode, code, message };
}

function codeForStatus(status: number): ErrorCode {
  if (HTTP_STATUS_CODES[status]) return HTTP_STATUS_CODES[status];
  return status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed;
}

function notFoundMessage(message: string): string {
  // Nest says "Cannot GET /x"; keep that, it names the route.
  return message.startsWith('Cannot ') ? `${message}: no such route` : message;
}

function fastifyMessage(error: { code?: unknown; message?: unknown; statusCode?: unknown }): string {
  if (typeof error.statusCode === 'number' && STATUS_MESSAGES[error.statusCode])
    return STATUS_MESSAGES[error.statusCode];
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Body is empty but Content-Type is application/json; send a JSON body or no Content-Type';
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // A path that does not percent-decode (%zz) or a path parameter over 100 characters: the URL is at fault, not the body.
      return `Malformed URL: ${String(error.message)}`;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      if (error.statusCode === 400) return `Malformed request body: ${String(error.message ?? 'invalid JSON')}`;
      return String(error.message ?? 'Bad request');
  }
}

export function isDatabaseUnavailable(exception: unknown): boolean {
  let current: unknown = exception;
  // TypeORM wraps driver errors (QueryFailedError.driverError); walk the chain.
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && DATABASE_UNAVAILABLE_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Pool is closed|Connection lost|connect ETIMEDOUT|Queue limit reached/i.test(message)
    ) {
      return true;
    }
    current =
      (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

export function isLockConflict(exception: unknown): boolean {
  const driver = (exception as { driverError?: { code?: string } })?.driverError ?? exception;
  const code = (driver as { code?: unknown })?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

export function isUniqueViolation(exception: unknown): boolean {
  const driver = (exception as { driverError?: { code?: string } })?.driverError ?? exception;
  return (driver as { code?: unknown })?.code === 'ER_DUP_ENTRY';
}

/**
 * What of an error may be logged: never the SQL parameters or the query text a driver error carries,
 * since they can hold password hashes, tokens and personal data.
 */
export function loggableError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const driver = (exception as { driverError?: { code?: unknown; errno?: unknown } }).driverError;
  return {
    type: exception.name,
    message: exception.message.slice(0, 500),
    code: (exception as { code?: unknown }).code ?? driver?.code,
    errno: driver?.errno,
    stack: exception.stack?.split('\n').slice(1, 12).join('\n'),
  };
}

function describe(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}
