import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DatabaseUnavailability } from '../db/database-errors';
import { assertNever, ErrorCode, httpStatusFor } from './error-code';

/** A domain error whose message is meant for the client; `formatError` lets it through unmasked. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra, http: { status: httpStatusFor(code) } } });
  }
}

export class BadInputError extends AppError {
  /** `field` names the argument or input field the client has to change. */
  constructor(field: string, message: string) {
    super(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Missing or invalid API key: send "Authorization: Bearer <api key>".') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

/** The query would produce more than the API serves at once; the message says how to narrow it. */
export class QueryTooComplexError extends AppError {
  constructor(message: string) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message);
  }
}

/**
 * The database cannot serve the request right now (down, restarting, out of pooled connections, too slow).
 * Nothing is wrong with the request: the same request sent again later may succeed. HTTP 503 with
 * Retry-After, and `extensions.retryable: true` for clients that only read the body.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    reason: string,
  ) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, { retryable: true, retryAfterSeconds, reason });
    this.extensions.http = { status: 503, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
  }
}

/** The settings a SERVICE_UNAVAILABLE message names, so an operator knows which one to look at. */
export interface DatabaseLimits {
  DB_POOL_SIZE: number;
  DB_CONNECT_TIMEOUT_MS: number;
  DB_STATEMENT_TIMEOUT_MS: number;
}

const SAFE_TO_RETRY = 'ingestMentions and recordMetrics are idempotent, so retrying them never duplicates data.';

export function databaseUnavailableError(kind: DatabaseUnavailability, limits: DatabaseLimits): ServiceUnavailableError {
  switch (kind) {
    case 'unreachable':
      return new ServiceUnavailableError(
        `The database is unavailable right now (unreachable or restarting); retry in a few seconds. ${SAFE_TO_RETRY}`,
        2,
        'DATABASE_UNREACHABLE',
      );
    case 'pool-exhausted':
      return new ServiceUnavailableError(
        `The database is busy: none of the ${limits.DB_POOL_SIZE} pooled connections (DB_POOL_SIZE) came free within ` +
          `${limits.DB_CONNECT_TIMEOUT_MS} ms (DB_CONNECT_TIMEOUT_MS); retry in a few seconds. ${SAFE_TO_RETRY}`,
        1,
        'DATABASE_BUSY',
      );
    case 'statement-timeout':
      return new ServiceUnavailableError(
        `The database did not answer in time: a statement ran longer than ${limits.DB_STATEMENT_TIMEOUT_MS} ms ` +
          `(DB_STATEMENT_TIMEOUT_MS) and was cancelled; retry later, or ask for less (a shorter range, fewer buckets or rows). ${SAFE_TO_RETRY}`,
        5,
        'STATEMENT_TIMEOUT',
      );
    default:
      return assertNever(kind);
  }
}
