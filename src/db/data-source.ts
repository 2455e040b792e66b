import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from '../../migrations';
import type { QueryLogger } from './query-logger';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** Longest wait for a pooled connection when all are busy, or for a new one to be accepted (default 10 s). */
  connectTimeoutMs?: number;
  logger?: QueryLogger;
  applicationName?: string;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed for ids
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    logger: options.logger,
    maxQueryExecutionTime: 1000,
    applicationName: options.applicationName ?? 'crisis-reputation-api',
    extra: {
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
    },
  });
}
