import { GraphQLError } from 'graphql';
import { ErrorCode, httpStatusFor } from './error-code';

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
