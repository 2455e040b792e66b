import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import { runMigrations } from './migrate';
import { enableTenantSessions } from './tenant-session';
import { QueryLogger } from './query-logger';

export interface Database {
  dataSource: DataSource;
  queryLogger: QueryLogger;
  /** Where the database came from, for the start-up banner (never includes the password). */
  description: string;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<
    Config,
    'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_PG_PORT' | 'DB_POOL_SIZE' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_CONNECT_TIMEOUT_MS' | 'RUN_MIGRATIONS'
  >,
  logger: Logger,
): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'crisis',
      persistent: true,
      logger,
    });
    url = embedded.url;
  }
  const queryLogger = new QueryLogger(logger.child({ component: 'db' }), 1000);
  const dataSource = createDataSource({
    url,
    poolSize: config.DB_POOL_SIZE,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    logger: queryLogger,
  });
  try {
    await dataSource.initialize();
    enableTenantSessions(dataSource);
    if (config.RUN_MIGRATIONS) {
      const applied = await runMigrations(dataSource);
      if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    queryLogger,
    description: embedded
      ? `embedded PostgreSQL in ${config.DATA_DIR} (port ${config.EMBEDDED_PG_PORT})`
      : redactUrl(url),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
