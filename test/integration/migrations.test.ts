import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { runMigrations } from '../../src/db/migrate';
import { pendingSchemaChanges } from '../../src/db/schema-drift';
import { databaseUrl } from '../../src/db/database-url';
import { withAdmin } from '../support/global-setup';

describe('migrations', () => {
  const serverUrl = inject('databaseServerUrl');
  const database = `${inject('templateDatabase')}_mig_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
    dataSource = createDataSource({ url: databaseUrl(serverUrl, database), poolSize: 4, statementTimeoutMs: 60_000 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  const tables = async () =>
    (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
      (row: { tablename: string }) => row.tablename,
    );

  it('runs up, then down to nothing, then up again', async () => {
    const applied = await runMigrations(dataSource);
    expect(applied.length).toBe(dataSource.migrations.length);
    const created = await tables();
    expect(created).toEqual(expect.arrayContaining(['organizations', 'incidents', 'mentions', 'influencers', 'organization_influencers', 'api_keys', 'metric_observations']));

    for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);

    await runMigrations(dataSource);
    expect(await tables()).toEqual(created);
  });

  it('leaves no difference between the entities and the migrated schema', async () => {
    const { up } = await pendingSchemaChanges(dataSource);
    expect(up.map((statement) => statement.query)).toEqual([]);
  });

  it('applies pending migrations once when several instances start together', async () => {
    const fresh = `${database}_race`;
    await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${fresh}`));
    const instances = Array.from({ length: 3 }, () => createDataSource({ url: databaseUrl(serverUrl, fresh), poolSize: 2, statementTimeoutMs: 60_000 }));
    try {
      await Promise.all(instances.map((instance) => instance.initialize()));
      const results = await Promise.all(instances.map((instance) => runMigrations(instance)));
      expect(results.map((names) => names.length).sort()).toEqual([0, 0, instances[0]!.migrations.length]);
      const rows = await instances[0]!.query('SELECT count(*)::int AS n FROM migrations');
      expect(rows[0].n).toBe(instances[0]!.migrations.length);
    } finally {
      await Promise.all(instances.map((instance) => instance.destroy()));
      await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`));
    }
  });
});
