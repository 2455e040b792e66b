import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { databaseUnavailability } from '../../src/db/database-errors';
import { databaseUnavailableError } from '../../src/errors/app-errors';
import { ErrorCode } from '../../src/errors/error-code';

/** An error as pg-protocol builds it from a server ErrorResponse. */
function serverError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

/** An error as TypeORM throws it from `dataSource.query`: the driver's error inside a QueryFailedError. */
function fromTypeOrm(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
}

describe('database unavailability', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED'), 'unreachable'],
    ['a reset connection', socketError('ECONNRESET'), 'unreachable'],
    ['a connection refused on every address (AggregateError)', Object.assign(new AggregateError([socketError('ECONNREFUSED')], ''), {}), 'unreachable'],
    ['a server shutting down (57P01, terminating connection due to administrator command)', serverError('57P01', 'terminating connection due to administrator command'), 'unreachable'],
    ['a crashed server (57P02)', serverError('57P02', 'terminating connection because of crash of another server process'), 'unreachable'],
    ['a server starting up (57P03)', serverError('57P03', 'the database system is starting up'), 'unreachable'],
    ['class 08, connection failure', serverError('08006', 'connection failure'), 'unreachable'],
    ['class 08, cannot establish', serverError('08001', 'could not establish connection'), 'unreachable'],
    ['no connection slots left (53300)', serverError('53300', 'sorry, too many clients already'), 'unreachable'],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly'), 'unreachable'],
    ['a server slow to accept a new connection', new Error('Connection terminated due to connection timeout'), 'unreachable'],
    ['a client whose connection already failed', new Error('Client has encountered a connection error and is not queryable'), 'unreachable'],
    ['a transaction whose connection was lost before COMMIT', new QueryRunnerAlreadyReleasedError(), 'unreachable'],
    ['a transaction whose connection was lost between statements', new QueryRunnerProviderAlreadyReleasedError(), 'unreachable'],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect'), 'pool-exhausted'],
    ['a statement timeout (57014)', serverError('57014', 'canceling statement due to statement timeout'), 'statement-timeout'],
  ] as const)('recognises %s', (_name, error, expected) => {
    expect(databaseUnavailability(error)).toBe(expected);
    // the same failure as TypeORM and GraphQL hand it over
    expect(databaseUnavailability(fromTypeOrm(error))).toBe(expected);
    expect(databaseUnavailability({ originalError: fromTypeOrm(error) })).toBe(expected);
    expect(databaseUnavailability(new Error('wrapped', { cause: error }))).toBe(expected);
  });

  it.each([
    ['a unique violation', serverError('23505', 'duplicate key value violates unique constraint "mentions_pkey"')],
    ['a syntax error in our SQL', serverError('42601', 'syntax error at or near "SELEC"')],
    ['a deadlock (retried inside ingestion, a bug if it escapes)', serverError('40P01', 'deadlock detected')],
    ['a statement cancelled by an operator (57014 without a timeout)', serverError('57014', 'canceling statement due to user request')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a timeout', new Error('request timeout exceeded')],
    ['nothing at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('leaves %s alone (masked as an internal error)', (_name, error) => {
    expect(databaseUnavailability(error)).toBeNull();
  });

  it('survives an error that wraps itself', () => {
    const error: Error & { cause?: unknown } = new Error('loop');
    error.cause = error;
    expect(databaseUnavailability(error)).toBeNull();
  });
});

describe('SERVICE_UNAVAILABLE errors', () => {
  const limits = { DB_POOL_SIZE: 3, DB_CONNECT_TIMEOUT_MS: 250, DB_STATEMENT_TIMEOUT_MS: 750 };

  it.each([
    ['unreachable', /database is unavailable/, 'DATABASE_UNREACHABLE'],
    ['pool-exhausted', /3 pooled connections \(DB_POOL_SIZE\).*250 ms \(DB_CONNECT_TIMEOUT_MS\)/, 'DATABASE_BUSY'],
    ['statement-timeout', /750 ms \(DB_STATEMENT_TIMEOUT_MS\)/, 'STATEMENT_TIMEOUT'],
  ] as const)('for %s: 503, retryable, Retry-After, a message naming the setting', (kind, message, reason) => {
    const error = databaseUnavailableError(kind, limits);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/retry/i);
    expect(error.extensions).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, reason });
    const http = error.extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(503);
    expect(Number(http.headers.get('retry-after'))).toBe(error.retryAfterSeconds);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});
