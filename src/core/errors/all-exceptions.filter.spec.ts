import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, toErrorBody } from './all-exceptions.filter';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-codes';

describe('toErrorBody', () => {
  it('keeps a domain exception as it is', () => {
    const body = toErrorBody(
      new DomainException(ErrorCode.VersionConflict, 'Lead 7 changed', [{ field: 'version', message: 'is 4 now' }]),
    );
    expect(body).toEqual({
      statusCode: 409,
      code: 'VERSION_CONFLICT',
      message: 'Lead 7 changed',
      details: [{ field: 'version', message: 'is 4 now' }],
    });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorBody(new BadRequestException('bad'))).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'bad',
    });
  });

  it('maps errors Fastify raises before a handler', () => {
    expect(toErrorBody({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' })).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is larger than the 1 MB limit',
    });
    expect(toErrorBody({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'x' })).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(
      toErrorBody({ statusCode: 400, code: 'FST_ERR_BAD_URL', message: "'/x/%zz' is not a valid url component" }),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: "Malformed URL: '/x/%zz' is not a valid url component",
    });
  });

  it('answers 503 NOT_READY when the database connection is gone', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const wrapped = new QueryFailedError('SELECT 1', [], driverError);
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(toErrorBody(wrapped)).toMatchObject({ statusCode: 503, code: 'NOT_READY' });
    expect(isDatabaseUnavailable(Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' }))).toBe(false);
  });

  it('answers 409 CONFLICT to a deadlock or lock wait timeout, which wrote nothing', () => {
    for (const code of ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']) {
      const wrapped = new QueryFailedError(
        'UPDATE leads SET ...',
        [],
        Object.assign(new Error('Deadlock found'), { code }),
      );
      expect(toErrorBody(wrapped)).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    }
  });

  it('hides the internals of anything else behind 500 INTERNAL', () => {
    const body = toErrorBody(new Error("ER_PARSE_ERROR near 'SELECT * FROM secret_table'"));
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL', message: expect.not.stringContaining('secret_table') });
  });
});
