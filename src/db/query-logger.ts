import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';

export type QueryListener = (sql: string, parameters: readonly unknown[] | undefined) => void;

/**
 * Routes TypeORM's query events to pino and to in-process listeners, so tests can count the statements
 * a request runs through the same path production SQL takes.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly listeners = new Set<QueryListener>();

  constructor(
    private readonly logger: Logger,
    private readonly slowQueryMs: number,
  ) {}

  onQuery(listener: QueryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  logQuery(query: string, parameters?: unknown[]): void {
    for (const listener of this.listeners) listener(query, parameters);
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ sql: query }, 'sql');
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ err: error, sql: truncate(query) }, 'sql failed');
  }

  logQuerySlow(time: number, query: string): void {
    if (time >= this.slowQueryMs) this.logger.warn({ durationMs: time, sql: truncate(query) }, 'slow sql');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}

// parameters are never logged: they may carry customer text
function truncate(sql: string): string {
  return sql.length > 500 ? `${sql.slice(0, 500)}…` : sql;
}
