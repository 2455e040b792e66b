import pino from 'pino';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAdminKey } from '../../src/auth/secrets';
import { createDataSource } from '../../src/db/data-source';
import { enableTenantSessions } from '../../src/db/tenant-session';
import { createApp, type App } from '../../src/server';
import { postGraphQL, scratchDatabase, unavailableShapeProblems, type HttpAnswer, type ScratchDatabase } from '../support/faults';
import { rollupDifferences } from '../support/rollup-consistency';

const LIMITS = { DB_POOL_SIZE: 2, DB_CONNECT_TIMEOUT_MS: 300, DB_STATEMENT_TIMEOUT_MS: 800 };
// far above every limit above: a request still waiting by then is hanging
const HANG = 8_000;

const MENTIONS = `query ($org: ID!) { mentions(filter: { organizationId: $org }, first: 5) { totalCount edges { node { externalId } } } }`;
const INGEST = `mutation ($org: ID!, $m: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $m) { accepted inserted } }`;

/** A server with a 2-connection pool, a 300 ms checkout timeout and an 800 ms statement timeout. */
describe('an exhausted connection pool and statement timeouts', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let app: App;
  let origin: string;
  let url: string;
  let org: string;
  let key: string;
  const adminKey = generateAdminKey();

  beforeAll(async () => {
    database = await scratchDatabase('migrated');
    dataSource = createDataSource({
      url: database.url,
      poolSize: LIMITS.DB_POOL_SIZE,
      connectTimeoutMs: LIMITS.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: LIMITS.DB_STATEMENT_TIMEOUT_MS,
    });
    await dataSource.initialize();
    enableTenantSessions(dataSource);
    app = await createApp({
      config: { ...LIMITS, NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: 100_000 },
      database: { dataSource },
      logger: pino({ level: 'silent' }),
      adminKey,
    });
    origin = await app.listen(0, '127.0.0.1');
    url = `${origin}/graphql`;
    org = (await postGraphQL(url, adminKey, `mutation { createOrganization(input: { name: "Busy Air" }) { id } }`)).body.data!.createOrganization.id;
    key = (
      await postGraphQL(url, adminKey, `mutation ($org: ID!) { createApiKey(input: { name: "k", organizationIds: [$org], scopes: [READ, INGEST] }) { secret } }`, { org })
    ).body.data!.createApiKey.secret;
  });
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const mention = (externalId: string) => ({
    platform: 'TWITTER',
    externalId,
    text: 'still waiting',
    postedAt: '2026-11-01T10:00:00Z',
    author: { handle: 'waiter' },
    sentiment: -0.5,
  });
  const readyz = async () => (await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(HANG) })).status;
  const expectUnavailable = (answer: HttpAnswer, reason: string, message: RegExp) => {
    expect(unavailableShapeProblems(answer)).toEqual([]);
    expect(answer.body.errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, reason });
    expect(answer.body.errors![0]!.message).toMatch(message);
  };

  it('answers 503 SERVICE_UNAVAILABLE naming DB_POOL_SIZE and DB_CONNECT_TIMEOUT_MS while every connection is held, then serves again', async () => {
    // take every connection the pool will give (the live-update listener already holds one of the two)
    const held: QueryRunner[] = [];
    try {
      for (;;) {
        const runner = dataSource.createQueryRunner();
        const taken = await runner.connect().then(() => true, () => false);
        if (!taken) break;
        held.push(runner);
      }
      expect(held.length).toBeLessThan(LIMITS.DB_POOL_SIZE);
      const busy = /none of the 2 pooled connections \(DB_POOL_SIZE\) came free within 300 ms \(DB_CONNECT_TIMEOUT_MS\)/;
      // an organization key is checked against the database: refused while authenticating
      expectUnavailable(await postGraphQL(url, key, MENTIONS, { org }, HANG), 'DATABASE_BUSY', busy);
      // the admin key is not: refused by the resolver's query
      expectUnavailable(await postGraphQL(url, adminKey, MENTIONS, { org }, HANG), 'DATABASE_BUSY', busy);
      expectUnavailable(await postGraphQL(url, adminKey, INGEST, { org, m: [mention('pool-1')] }, HANG), 'DATABASE_BUSY', busy);
      // the CSV export, outside GraphQL, answers the same way
      const csv = await fetch(`${origin}/export/kpi-table.csv?organizationId=${org}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&groupBy=PLATFORM&metrics=VOLUME`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(HANG),
      });
      expectUnavailable({ status: csv.status, headers: csv.headers, body: await csv.json() }, 'DATABASE_BUSY', busy);
      // a saturated instance says so, so a load balancer can send traffic elsewhere
      expect(await readyz()).toBe(503);
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }

    const answer = await postGraphQL(url, key, INGEST, { org, m: [mention('pool-1')] }, HANG);
    expect(answer.status).toBe(200);
    expect(answer.body.data!.ingestMentions).toEqual({ accepted: 1, inserted: 1 });
    expect(await readyz()).toBe(200);
  });

  it('cancels a statement stuck behind a table lock after DB_STATEMENT_TIMEOUT_MS, applies nothing of it, then serves again', async () => {
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE mentions IN ACCESS EXCLUSIVE MODE');
      const timedOut = /statement ran longer than 800 ms \(DB_STATEMENT_TIMEOUT_MS\) and was cancelled/;
      expectUnavailable(await postGraphQL(url, key, MENTIONS, { org }, HANG), 'STATEMENT_TIMEOUT', timedOut);
      expectUnavailable(await postGraphQL(url, key, INGEST, { org, m: [mention('lock-1'), mention('lock-2')] }, HANG), 'STATEMENT_TIMEOUT', timedOut);
      // one slow table does not make the instance unready (a load balancer would pull every instance at once)
      expect(await readyz()).toBe(200);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }

    expect((await dataSource.query(`SELECT count(*)::int AS n FROM mentions WHERE external_id LIKE 'lock-%'`))[0].n).toBe(0);
    const retried = await postGraphQL(url, key, INGEST, { org, m: [mention('lock-1'), mention('lock-2')] }, HANG);
    expect(retried.body.data!.ingestMentions).toEqual({ accepted: 2, inserted: 2 });
    const listed = await postGraphQL(url, key, MENTIONS, { org }, HANG);
    expect(listed.status).toBe(200);
    expect(listed.body.data!.mentions.totalCount).toBe(3);
    expect(await rollupDifferences(dataSource, org)).toEqual([]);
  });
});
