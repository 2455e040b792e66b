import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { generateAdminKey } from '../../src/auth/secrets';
import type { Config } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { QueryLogger } from '../../src/db/query-logger';
import { createApp, type App } from '../../src/server';
import { databaseUrl } from '../../src/db/database-url';
import { enableTenantSessions } from '../../src/db/tenant-session';
import { withAdmin } from './global-setup';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
}

export interface TestApp {
  url: string;
  /** The database this server uses. */
  database: string;
  app: App;
  adminKey: string;
  dataSource: DataSource;
  queryLogger: QueryLogger;
  /** POSTs a GraphQL operation with `Authorization: Bearer <key>` (no header when key is null). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error, and returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<T>;
  close(): Promise<void>;
}

/** A real server on port 0 over its own fresh, migrated database (cloned from the run's template). */
export async function startTestApp(
  options: {
    now?: () => Date;
    logLines?: string[];
    /** a second instance on another app's database, with its admin key */
    sameDatabaseAs?: TestApp;
    /** live changes through Redis instead of PostgreSQL */
    redisUrl?: string;
    /** settings beyond the test defaults (limits, NODE_ENV…) */
    config?: Partial<Config>;
  } = {},
): Promise<TestApp> {
  const serverUrl = inject('databaseServerUrl');
  const template = inject('templateDatabase');
  const shared = options.sameDatabaseAs;
  const database = shared?.database ?? `${template}_${randomBytes(6).toString('hex')}`;
  if (!shared) await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`));

  const logger = options.logLines
    ? pino({ level: 'info' }, { write: (line: string) => void options.logLines!.push(line) })
    : pino({ level: 'silent' });
  const queryLogger = new QueryLogger(logger, 10_000);
  const dataSource = createDataSource({ url: databaseUrl(serverUrl, database), poolSize: 5, statementTimeoutMs: 30_000, logger: queryLogger });
  await dataSource.initialize();
  enableTenantSessions(dataSource);
  const adminKey = shared?.adminKey ?? generateAdminKey();
  const app: App = await createApp({
    // a generous rate limit: tests send bursts, yet every request still passes through the limiter
    config: {
      NODE_ENV: 'test',
      MAX_BODY_BYTES: 16 * 1024 * 1024,
      INTROSPECTION: true,
      LIVE_KEEPALIVE_MS: 1_000,
      REDIS_URL: options.redisUrl,
      RATE_LIMIT_PER_MINUTE: 100_000,
      ...options.config,
    },
    database: { dataSource },
    logger,
    adminKey,
    now: options.now,
  });
  const address = await app.listen(0, '127.0.0.1');
  const url = `${address}/graphql`;

  const gql: TestApp['gql'] = async (query, variables, key = adminKey) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] } as GraphQLResponse<any>;
  };

  return {
    url,
    database,
    app,
    adminKey,
    dataSource,
    queryLogger,
    gql,
    async ok(query, variables, key) {
      const response = await gql(query, variables, key);
      if (response.body.errors?.length) {
        throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.body.errors)}`);
      }
      return response.body.data as any;
    },
    async close() {
      await app.close();
      await dataSource.destroy();
      if (!shared) await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}
