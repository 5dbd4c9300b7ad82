import { ERROR_STATUS, ErrorCode, ErrorDetail } from './error-codes';

/** What services throw; the global filter turns it into the docs/api.md "Errors" body. */
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

  /** A body field the caller may not set this way: a 400 naming it (mass assignment), never silently dropped. */
  static notPermitted(field: string, message: string): DomainException {
    return DomainException.validation(field, 'notPermitted', message);
  }

  /** 409 VERSION_CONFLICT for a stale `version`, carrying the current one. */
  static versionConflict(what: string, id: string, currentVersion: number | null): DomainException {
    return new DomainException(
      ErrorCode.VersionConflict,
      `${what} ${id} was changed by someone else; reload it and try again`,
      [{ field: 'version', constraint: 'current', message: `is now ${currentVersion}`, currentVersion }],
    );
  }
}
