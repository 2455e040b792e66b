import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded-postgres';
import { runMigrations } from '../../src/db/migrate';
import { databaseUrl } from '../../src/db/database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (any database on it) where test databases may be created. */
    databaseServerUrl: string;
    /** A migrated database that each test file copies (CREATE DATABASE … TEMPLATE). */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when set, else an embedded one in a temp folder.
 * Migrations run once, into a template every test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // a random port can be taken by another process (another suite, a test's own PostgreSQL): try a few
    for (let attempt = 1; ; attempt += 1) {
      dataDir = mkdtempSync(path.join(tmpdir(), 'crisis-test-'));
      try {
        embedded = await startEmbeddedPostgres({
          dataDir,
          port: 55000 + Math.floor(Math.random() * 5000),
          database: 'crisis_test',
          persistent: false,
          logger: pino({ level: 'silent' }),
        });
        break;
      } catch (error) {
        rmSync(dataDir, { recursive: true, force: true });
        if (attempt >= 3) throw error;
      }
    }
    serverUrl = embedded.url;
  }
  const templateDatabase = `crisis_template_${process.pid}`;
  await withAdmin(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
    await client.query(`CREATE DATABASE ${templateDatabase}`);
  });
  const dataSource = createDataSource({ url: databaseUrl(serverUrl, templateDatabase), poolSize: 2, statementTimeoutMs: 60_000 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  project.provide('databaseServerUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await withAdmin(serverUrl, async (client) => {
      const leftovers = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`${templateDatabase}_%`, templateDatabase],
      );
      for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }).catch(() => undefined);
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

export async function withAdmin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
