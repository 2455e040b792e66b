import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { databaseUnavailability } from '../db/database-errors';
import { QueryLimitError } from '../security/query-shape';
import { databaseUnavailableError, type DatabaseLimits } from './app-errors';
import { ErrorCode } from './error-code';

/** Codes graphql-js and Apollo give to mistakes in the request itself; clients see them as BAD_USER_INPUT. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const OUR_CODES = new Set<string>(Object.values(ErrorCode));

export type MaskedErrorReporter = (error: unknown, formatted: GraphQLFormattedError) => void;

export interface FormatErrorOptions {
  /** An error the client sees as INTERNAL_SERVER_ERROR: a bug to find in the logs. */
  onMasked: MaskedErrorReporter;
  /** A database failure the client sees as SERVICE_UNAVAILABLE: an outage or overload, not a bug. */
  onUnavailable: MaskedErrorReporter;
  limits: DatabaseLimits;
}

/**
 * Coded errors pass through; a database that is down, out of connections or too slow becomes
 * SERVICE_UNAVAILABLE (retryable); everything else becomes INTERNAL_SERVER_ERROR with a masked message, and
 * is reported (with the request id) so it can be found in the logs.
 */
export function createFormatError(options: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const details = original.extensions.validationErrors as Array<{ property: string; constraints?: Record<string, string> }> | undefined;
      const message = (details ?? [])
        .map((detail) => `${detail.property}: ${Object.values(detail.constraints ?? {}).join(', ')}`)
        .join('; ');
      return { ...formatted, message: message || formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const code = formatted.extensions?.code;
    const limit = queryLimitMessage(error, code);
    if (limit) return { message: limit, locations: formatted.locations, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    if (typeof code === 'string' && OUR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return { ...formatted, extensions: withoutStack(formatted.extensions) };
    }
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return {
        ...formatted,
        extensions: { ...withoutStack(formatted.extensions), code: ErrorCode.BAD_USER_INPUT, graphqlCode: code },
      };
    }
    const requestMistake = requestMistakeMessage(error, original);
    if (requestMistake) {
      return { message: requestMistake, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const unavailable = databaseUnavailability(original);
    if (unavailable) {
      options.onUnavailable(original, formatted);
      const coded = databaseUnavailableError(unavailable, options.limits);
      const { http: _http, ...extensions } = coded.extensions;
      return { message: coded.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    options.onMasked(original, formatted);
    return {
      message: 'Internal server error; the request id in extensions identifies it in the server logs.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

// graphql 16 words it "more that"
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** Request limits graphql-js and Apollo report as syntax or validation errors are QUERY_TOO_COMPLEX to clients. */
function queryLimitMessage(error: unknown, code: unknown): string | null {
  if (!(error instanceof GraphQLError)) return null;
  if (error.originalError instanceof QueryLimitError) return error.originalError.message;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(error.message) : null;
  if (tokens) return `The document has more than ${tokens[1]} tokens (MAX_QUERY_TOKENS); send large inputs such as mention batches as variables, or split the request.`;
  return null;
}

/**
 * Errors formatError turned into SERVICE_UNAVAILABLE were raw driver errors, so Apollo saw no HTTP status on
 * them: answer 503 with Retry-After, as for a ServiceUnavailableError thrown on purpose.
 */
export function serviceUnavailableStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = (response.body.singleResult.errors ?? []).filter((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          if (unavailable.length === 0) return;
          const seconds = Math.max(...unavailable.map((error) => Number(error.extensions?.retryAfterSeconds) || 1));
          response.http.status = 503;
          response.http.headers.set('retry-after', String(seconds));
        },
      };
    },
  };
}

/**
 * Client mistakes only seen during execution: graphql-js's own argument coercion (an explicit null for an
 * argument that has a default, e.g. `baselineDays: $days` with `$days = null`: a GraphQLError of graphql-js,
 * with no code and no underlying error), and text PostgreSQL cannot hold (a NUL character, SQLSTATE 22021)
 * in arguments that are not validated one by one (ingestion rejects such items itself).
 */
function requestMistakeMessage(error: unknown, original: unknown): string | null {
  // graphql-js wraps its own error in a located one
  const coercion = error instanceof GraphQLError && error.originalError instanceof GraphQLError ? error.originalError : error;
  if (coercion instanceof GraphQLError && !coercion.originalError && coercion.extensions.code === undefined && /^Argument "[^"]+" /.test(coercion.message)) {
    return coercion.message;
  }
  const sqlState = (original as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (original as { code?: unknown } | null)?.code;
  if (sqlState === '22021') return 'An argument contains the NUL character (U+0000), which cannot be stored or searched; remove it.';
  return null;
}

/** Request mistakes recognised only while formatting (above) answer 400 like every other client mistake. */
export function requestMistakeStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || (response.http.status ?? 200) !== 200) return;
          if ((response.body.singleResult.errors ?? []).some((error) => error.extensions?.code === ErrorCode.BAD_USER_INPUT)) response.http.status = 400;
        },
      };
    },
  };
}

function withoutStack(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
  return rest;
}
