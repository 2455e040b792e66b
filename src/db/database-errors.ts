/**
 * Which failures mean "the database cannot serve this right now" rather than "this request is wrong" or "the
 * code is wrong". Those are answered SERVICE_UNAVAILABLE (retryable) instead of a masked internal error, so
 * a client knows that sending the same request again later is the right move. Pure: it only reads the error.
 */

export type DatabaseUnavailability =
  /** The server refused or dropped the connection, is shutting down, restarting, or out of connection slots. */
  | 'unreachable'
  /** Every pooled connection was busy for longer than the pool's checkout timeout (DB_CONNECT_TIMEOUT_MS). */
  | 'pool-exhausted'
  /** PostgreSQL cancelled a statement that ran longer than statement_timeout (DB_STATEMENT_TIMEOUT_MS). */
  | 'statement-timeout';

// socket-level failures Node reports on the connection to PostgreSQL
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// SQLSTATEs besides class 08 (connection exception) that mean the server is going away or not there yet:
// admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down, in recovery), too_many_connections
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// pg and pg-pool report these without a code; matched on the start of the message, which those libraries keep stable
const POOL_TIMEOUT = /^timeout exceeded when trying to connect/i;
const UNREACHABLE_MESSAGES = [
  /^Connection terminated/i, // "… unexpectedly", "… due to connection timeout"
  /^Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
];
const STATEMENT_TIMEOUT = /statement timeout/i;
// TypeORM releases a transaction's connection as soon as the connection reports an error (the server went
// away between two statements); the transaction's next statement, often COMMIT, then fails with one of
// these. Our code never releases a query runner early, so here they mean a lost connection, not a misuse.
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** Classifies an error (TypeORM's QueryFailedError, pg's DatabaseError, a socket error, or a wrapper around one). */
export function databaseUnavailability(error: unknown): DatabaseUnavailability | null {
  for (const candidate of causes(error)) {
    const found = classifyOne(candidate);
    if (found) return found;
  }
  return null;
}

function classifyOne(error: Record<string, unknown>): DatabaseUnavailability | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  // query_canceled is also what pg_cancel_backend() gives; only the timeout is the server protecting itself
  if (code === '57014') return STATEMENT_TIMEOUT.test(message) ? 'statement-timeout' : null;
  if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code)) return 'unreachable';
  if (POOL_TIMEOUT.test(message)) return 'pool-exhausted';
  if (typeof error.name === 'string' && RELEASED_RUNNER.has(error.name)) return 'unreachable';
  if (UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unreachable';
  return null;
}

/**
 * The error and what it wraps: TypeORM keeps the driver's error in `driverError`, GraphQL in `originalError`,
 * standard wrappers in `cause`, and Node's multi-address connect in an AggregateError's `errors`.
 */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    queue.push(record.driverError, record.originalError, record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
}
