import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAdminKey } from '../../src/auth/secrets';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { createApp, type App } from '../../src/server';
import { eventually, postGraphQL, sleep, startOwnPostgres, unavailableShapeProblems, type HttpAnswer, type OwnPostgres } from '../support/faults';
import { rollupDifferences } from '../support/rollup-consistency';

const INGEST = `mutation ($org: ID!, $m: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $m) { accepted rejected errors { index message } } }`;

interface SentMention {
  platform: string;
  externalId: string;
  text: string;
  postedAt: string;
  author: { handle: string; followers: number };
  sentiment: number;
  reach: number;
  likes: number;
}

/**
 * PostgreSQL stops (fast shutdown: every session terminated, open transactions rolled back) and starts again
 * while two clients stream ingestMentions calls through the real HTTP server, which is never restarted.
 */
describe('a PostgreSQL restart in the middle of a stream of ingestMentions calls', () => {
  let postgres: OwnPostgres;
  let database: Database;
  let app: App;
  let url: string;
  let origin: string;
  const adminKey = generateAdminKey();
  /** What the server logged at error level: a masked error shows up here with its cause. */
  const errorLog: string[] = [];

  beforeAll(async () => {
    postgres = await startOwnPostgres('crisis');
    const config = {
      ...loadConfig({}),
      DATABASE_URL: postgres.url('crisis'),
      DB_POOL_SIZE: 4,
      DB_CONNECT_TIMEOUT_MS: 2_000,
    };
    database = await openDatabase(config, pino({ level: 'silent' }));
    const logger = pino({ level: 'error' }, { write: (line: string) => void errorLog.push(line) });
    app = await createApp({ config: { ...config, NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: 100_000 }, database, logger, adminKey });
    origin = await app.listen(0, '127.0.0.1');
    url = `${origin}/graphql`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await postgres?.destroy();
  });

  const readyz = async () => (await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;

  it('answers every call with success or a retryable 503, and retrying clients end with exactly what they sent', async () => {
    const created = await postGraphQL(url, adminKey, `mutation { createOrganization(input: { name: "Outage Air", handles: [{ platform: TWITTER, handle: "OutageAir" }] }) { id } }`);
    const org = created.body.data!.createOrganization.id as string;
    await postGraphQL(url, adminKey, `mutation ($org: ID!) { createIncident(input: { organizationId: $org, title: "Outage", startedAt: "2026-11-01T06:00:00Z", keywords: ["late"] }) { id } }`, { org });
    const keyAnswer = await postGraphQL(url, adminKey, `mutation ($org: ID!) { createApiKey(input: { name: "ingest", organizationIds: [$org], scopes: [READ, INGEST] }) { secret } }`, { org });
    // an organization key, so authentication itself reads the database during the outage
    const key = keyAnswer.body.data!.createApiKey.secret as string;

    const sent = new Map<string, SentMention>();
    const unavailable: HttpAnswer[] = [];
    const unexpected: string[] = [];
    let succeeded = 0;
    let phase: 'before' | 'outage' | 'recovered' = 'before';
    let succeededAfterRecovery = 0;
    let failed = false;

    /** One client: sequential calls, each retried until it succeeds; every fourth mention re-sends an older one changed. */
    const client = async (stream: string) => {
      const mine: SentMention[] = [];
      for (let batchNumber = 0; batchNumber < 400 && !failed; batchNumber += 1) {
        if (phase === 'recovered' && succeededAfterRecovery >= 6) return;
        const batch: SentMention[] = [];
        for (let i = 0; i < 40; i += 1) {
          const older = i % 4 === 3 && mine.length > 0 ? mine[(batchNumber * 7 + i) % mine.length]! : null;
          const n = mine.length + batch.length;
          const mention: SentMention = older
            ? { ...older, sentiment: -older.sentiment || 0.5, reach: older.reach + 7, likes: older.likes + 1 }
            : {
                platform: n % 5 === 0 ? 'NEWS' : 'TWITTER',
                externalId: `${stream}-${n}`,
                text: n % 3 === 0 ? `late again, flight ${n}` : `update ${n} from ${stream}`,
                postedAt: new Date(Date.UTC(2026, 10, 1, 5, 0) + n * 97_000).toISOString(),
                author: { handle: n % 11 === 0 ? 'OutageAir' : `fan_${n % 13}`, followers: 100 + n },
                sentiment: ((n % 9) - 4) / 4,
                reach: 1_000 + n,
                likes: n % 17,
              };
          batch.push(mention);
          if (!older) mine.push(mention);
        }
        for (const mention of batch) sent.set(`${mention.platform}:${mention.externalId}`, mention);
        for (let attempt = 0; ; attempt += 1) {
          if (attempt > 300 || failed) throw new Error(`${stream}: a call kept failing after ${attempt} attempts`);
          const answer = await postGraphQL(url, key, INGEST, { org, m: batch });
          if (!answer.body.errors && answer.status === 200) {
            const distinct = new Set(batch.map((mention) => mention.externalId)).size;
            expect(answer.body.data!.ingestMentions).toMatchObject({ accepted: distinct, rejected: 0 });
            succeeded += 1;
            if (phase === 'recovered') succeededAfterRecovery += 1;
            break;
          }
          const problems = unavailableShapeProblems(answer);
          if (problems.length > 0) unexpected.push(`${phase}: ${problems.join('; ')}`);
          else unavailable.push(answer);
          // a real client waits Retry-After seconds; a shorter pause keeps the test short
          await sleep(100);
        }
      }
    };

    const controller = async () => {
      await eventually('a few batches before the outage', async () => (succeeded >= 4 || failed ? true : undefined));
      if (failed) throw new Error('a client failed before the outage');
      phase = 'outage';
      await postgres.stop();
      const readinessDuringOutage = await readyz();
      await eventually('a client to meet the outage', async () => (unavailable.length >= 2 || failed ? true : undefined), 20_000, 50);
      await postgres.start();
      const readinessAfter = await eventually('readiness after the restart', async () => ((await readyz()) === 200 ? 200 : undefined));
      phase = 'recovered';
      return { readinessDuringOutage, readinessAfter };
    };

    // one participant failing stops the others, so the database is not left stopped behind a failed test
    const participant = <T>(work: Promise<T>) => work.catch((error: unknown) => ((failed = true), Promise.reject(error)));
    const [readiness] = await Promise.all([participant(controller()), participant(client('a')), participant(client('b'))]);

    expect(unexpected, errorLog.join('\n')).toEqual([]);
    expect(readiness).toEqual({ readinessDuringOutage: 503, readinessAfter: 200 });
    expect(unavailable.length).toBeGreaterThanOrEqual(2);
    expect(unavailable[0]!.body.errors![0]!.message).toMatch(/database is unavailable/);

    // exactly the mentions sent, each as last sent, no duplicates
    const rows: Array<{ platform: string; external_id: string; sentiment: number; reach: number; likes: number }> = await database.dataSource.query(
      'SELECT platform, external_id, sentiment, reach, likes FROM mentions WHERE organization_id = $1',
      [org],
    );
    expect(rows.length).toBe(sent.size);
    const stored = new Map(rows.map((row) => [`${row.platform}:${row.external_id}`, row]));
    const mismatched = [...sent.entries()].filter(([identity, mention]) => {
      const row = stored.get(identity);
      return !row || row.sentiment !== mention.sentiment || row.reach !== mention.reach || row.likes !== mention.likes;
    });
    expect(mismatched.map(([identity]) => identity)).toEqual([]);
    expect(await rollupDifferences(database.dataSource, org)).toEqual([]);

    // and the server answers reads from the same rollups, with no restart
    const audience = [...sent.values()].filter((mention) => !(mention.platform === 'TWITTER' && mention.author.handle === 'OutageAir')).length;
    const kpis = await postGraphQL(url, key, `query ($org: ID!) { kpis(scope: { organizationId: $org }, range: { from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }) { volume } }`, { org });
    expect(kpis.body.errors).toBeUndefined();
    expect(kpis.body.data!.kpis.volume).toBe(audience);
  }, 120_000);
});
