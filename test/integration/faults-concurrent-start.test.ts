import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAdminKey } from '../../src/auth/secrets';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { migrations } from '../../migrations';
import { createApp, type App } from '../../src/server';
import { postGraphQL, scratchDatabase, type ScratchDatabase } from '../support/faults';

describe('two server instances starting at once on an empty database', () => {
  let scratch: ScratchDatabase | undefined;
  const databases: Database[] = [];
  const apps: App[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.close();
    await scratch?.drop();
  });

  it('run every migration once, and both serve the same data', async () => {
    scratch = await scratchDatabase('empty');
    const config = { ...loadConfig({}), DATABASE_URL: scratch.url, RUN_MIGRATIONS: true, DB_POOL_SIZE: 3 };
    const logs: string[][] = [[], []];
    const loggers = logs.map((lines) => pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }));
    databases.push(...(await Promise.all(loggers.map((logger) => openDatabase(config, logger)))));

    const applied = logs.map((lines) =>
      lines.map((line) => JSON.parse(line) as { msg: string; migrations?: string[] }).filter((entry) => entry.msg === 'applied migrations'),
    );
    // exactly one instance applied them, all of them; the other waited on the lock and found none pending
    const appliedBy = applied.map((entries) => entries.flatMap((entry) => entry.migrations ?? []));
    expect(appliedBy.map((names) => names.length).sort()).toEqual([0, migrations.length]);
    const recorded: Array<{ name: string; times: number }> = await databases[0]!.dataSource.query(
      'SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name',
    );
    expect(recorded.length).toBe(migrations.length);
    expect(recorded.filter((row) => row.times !== 1)).toEqual([]);

    const adminKey = generateAdminKey();
    apps.push(
      ...(await Promise.all(
        databases.map((database) => createApp({ config: { ...config, NODE_ENV: 'test' }, database, logger: pino({ level: 'silent' }), adminKey })),
      )),
    );
    const [first, second] = await Promise.all(apps.map((app) => app.listen(0, '127.0.0.1')));
    for (const origin of [first, second]) expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    const created = await postGraphQL(`${first}/graphql`, adminKey, `mutation { createOrganization(input: { name: "Twin Start" }) { id slug } }`);
    expect(created.body.errors).toBeUndefined();
    const read = await postGraphQL(`${second}/graphql`, adminKey, `{ organization(slug: "twin-start") { id } }`);
    expect(read.body.data!.organization).toEqual({ id: created.body.data!.createOrganization.id });
  });
});
