import { ERROR_STATUS, ErrorCode, ErrorDetail } from './error-codes';

/** What services throw; the global filter turns it into the API.md error body. */
export class DomainException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** For RATE_LIMITED and NOT_READY: sent as the Retry-After header. */
    readonly options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainException';
    this.status = ERROR_STATUS[code];
  }

  static notFound(what: string, id: string): DomainException {
    return new DomainException(ErrorCode.NotFound, `${what} ${id} was not found`);
  }

  static validation(field: string, constraint: string, message: string): DomainException {
    return new DomainException(ErrorCode.ValidationFailed, `${field} ${message}`, [{ field, constraint, message }]);
  }
}
