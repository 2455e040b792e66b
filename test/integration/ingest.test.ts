import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/analytics/language';
import { scoreSentiment } from '../../src/analytics/sentiment';
import { defaultCorpusDirectory, loadCorpus } from '../../src/seed/corpus';
import { createIncident, createKey, createOrganization } from '../support/factory';
import { rollupDifferences } from '../support/rollup-consistency';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) {
  ingestMentions(organizationId: $org, mentions: $mentions) {
    accepted inserted updated unchanged duplicates rejected errors { index externalId field message }
  }
}`;
const NOW = new Date('2026-11-20T12:00:00Z');

function mention(externalId: string, extra: Record<string, unknown> = {}) {
  return {
    platform: 'TWITTER',
    externalId,
    text: `Flight delayed again, ${externalId}`,
    postedAt: '2026-11-10T08:00:00Z',
    author: { handle: 'traveller', followers: 1200 },
    ...extra,
  };
}

describe('ingestMentions', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({ now: () => NOW });
    orgId = (await createOrganization(app, 'Acme Air', { handles: [{ platform: 'TWITTER', handle: '@AcmeAir' }] })).id;
  });
  afterAll(() => app.close());

  async function ingest(mentions: unknown[], key?: string) {
    return (await app.ok(INGEST, { org: orgId, mentions }, key)).ingestMentions;
  }

  async function read(externalId: string) {
    const data = await app.ok(
      `query ($org: ID!) { mentions(filter: { organizationId: $org }, first: 500) { edges { node {
         externalId text language sentiment sentimentLabel sentimentSource reach likes shares comments engagement owned postedAt url
         incident { id } author { handle followers verified displayName mentionCount firstSeenAt lastSeenAt } } } } }`,
      { org: orgId },
    );
    return data.mentions.edges.map((edge: any) => edge.node).find((node: any) => node.externalId === externalId);
  }

  it('stores mentions, scoring sentiment and detecting language when they are missing', async () => {
    const result = await ingest([
      mention('m-1', { text: 'Worst airline ever. Flight cancelled, no refund, never again! #fail', likes: 3, shares: 2, comments: 1 }),
      mention('m-2', { text: 'Pelayanan sangat buruk, penerbangan ditunda lima jam dan tidak ada informasi', author: { handle: 'penumpang' } }),
      mention('m-3', { text: 'Thanks for the quick help today', sentiment: 0.8, language: 'en-GB', reach: 50 }),
    ]);
    expect(result).toEqual({ accepted: 3, inserted: 3, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, errors: [] });
    const first = await read('m-1');
    expect(first).toMatchObject({ language: 'en', sentimentLabel: 'NEGATIVE', sentimentSource: 'COMPUTED', engagement: 6, reach: 1200, owned: false });
    expect(first.sentiment).toBeLessThanOrEqual(-0.05);
    const second = await read('m-2');
    expect(second).toMatchObject({ language: 'id', sentimentLabel: 'NEGATIVE', sentimentSource: 'COMPUTED' });
    expect(await read('m-3')).toMatchObject({ sentiment: 0.8, sentimentLabel: 'POSITIVE', sentimentSource: 'PROVIDED', language: 'en', reach: 50 });
    expect(await rollupDifferences(app.dataSource, orgId)).toEqual([]);
  });

  it('stores text exactly as given: entities, emoji, newlines and any script', async () => {
    const text = 'R&amp;D said &lt;3 😡🔥\nline two\r\n\tgarudaindonesia ✈️ 日本語 العربية';
    await ingest([mention('m-text', { text })]);
    expect((await read('m-text')).text).toBe(text);
  });

  it('rejects each bad item with its index, externalId, field and reason, and stores the good ones', async () => {
    const result = await ingest([
      mention('ok-1'),
      mention('bad-sentiment', { sentiment: 5 }),
      mention(''),
      mention('bad-date', { postedAt: 'yesterday' }),
      mention('naive-date', { postedAt: '2026-11-10 08:00:00' }),
      mention('future', { postedAt: '2026-12-31T00:00:00Z' }),
      mention('nul', { text: 'a\u0000b' }),
      mention('long', { text: 'x'.repeat(20_001) }),
      mention('bad-url', { url: 'javascript:alert(1)' }),
      mention('bad-handle', { author: { handle: 'two words' } }),
      mention('bad-reach', { reach: -1 }),
      mention('bad-incident', { incidentId: '00000000-0000-4000-8000-000000000000' }),
      mention('bad-language', { language: 'english!' }),
      mention('nul-id\u0000'),
      mention('lone-\uD800'),
      mention('lone-\uDC00'),
      mention('bad-parent', { inReplyToExternalId: 'p\u0000' }),
      mention('bad-author', { author: { handle: 'x\uD800' } }),
      mention('ok-2'),
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toBe(17);
    expect(result.errors.map((e: any) => [e.index, e.externalId, e.field])).toEqual([
      [1, 'bad-sentiment', 'sentiment'],
      [2, '', 'externalId'],
      [3, 'bad-date', 'postedAt'],
      [4, 'naive-date', 'postedAt'],
      [5, 'future', 'postedAt'],
      [6, 'nul', 'text'],
      [7, 'long', 'text'],
      [8, 'bad-url', 'url'],
      [9, 'bad-handle', 'author.handle'],
      [10, 'bad-reach', 'reach'],
      [11, 'bad-incident', 'incidentId'],
      [12, 'bad-language', 'language'],
      [13, 'nul-id\u0000', 'externalId'],
      [14, 'lone-\uD800', 'externalId'],
      [15, 'lone-\uDC00', 'externalId'],
      [16, 'bad-parent', 'inReplyToExternalId'],
      [17, 'bad-author', 'author.handle'],
    ]);
    for (const error of result.errors) expect(error.message.length).toBeGreaterThan(10);
    expect(await read('ok-1')).toBeDefined();
    expect(await read('ok-2')).toBeDefined();
    expect(await read('bad-sentiment')).toBeUndefined();
  });

  it('keeps the last copy of a repeated externalId in one call, counted once', async () => {
    const result = await ingest([mention('dup', { reach: 1 }), mention('dup', { reach: 2 }), mention('dup', { reach: 3 })]);
    expect(result).toMatchObject({ accepted: 1, inserted: 1, duplicates: 2 });
    expect((await read('dup')).reach).toBe(3);
  });

  it('updates a mention sent again, and a replayed call changes nothing', async () => {
    const batch = [mention('replay-1', { reach: 10 }), mention('replay-2', { reach: 20 })];
    expect(await ingest(batch)).toMatchObject({ inserted: 2, updated: 0 });
    const snapshot = await app.dataSource.query('SELECT * FROM mention_rollups WHERE organization_id = $1 ORDER BY 1,2,3,4,5,6', [orgId]);
    expect(await ingest(batch)).toMatchObject({ accepted: 2, inserted: 0, updated: 0, unchanged: 2 });
    expect(await app.dataSource.query('SELECT * FROM mention_rollups WHERE organization_id = $1 ORDER BY 1,2,3,4,5,6', [orgId])).toEqual(snapshot);
    expect(await ingest([mention('replay-1', { reach: 99, postedAt: '2026-11-11T09:30:00Z' })])).toMatchObject({ updated: 1 });
    expect((await read('replay-1')).reach).toBe(99);
    expect(await rollupDifferences(app.dataSource, orgId)).toEqual([]);
  });

  it('treats handles case-insensitively and keeps the profile of the latest post', async () => {
    await ingest([
      mention('h-1', { author: { handle: '@Frequent_Flyer', followers: 500, displayName: 'Old name' }, postedAt: '2026-11-05T00:00:00Z' }),
      mention('h-2', { author: { handle: 'frequent_flyer', followers: 900, verified: true }, postedAt: '2026-11-09T00:00:00Z' }),
    ]);
    // an older post sent later must not roll the profile back
    await ingest([mention('h-3', { author: { handle: 'FREQUENT_FLYER', followers: 10 }, postedAt: '2026-11-01T00:00:00Z' })]);
    const author = (await read('h-2')).author;
    expect(author).toMatchObject({ followers: 900, verified: true, displayName: 'Old name', mentionCount: 3 });
    expect(author.firstSeenAt).toBe('2026-11-01T00:00:00.000Z');
    expect(author.lastSeenAt).toBe('2026-11-09T00:00:00.000Z');
    const rows = await app.dataSource.query(`SELECT count(*)::int AS n FROM influencers WHERE handle_key = 'frequent_flyer'`);
    expect(rows[0].n).toBe(1);
  });

  it('keeps, field by field, the value of the latest post that carries it, whatever order posts arrive in', async () => {
    await ingest([mention('p-new', { author: { handle: 'profiled', displayName: 'New name', followers: 50 }, postedAt: '2026-11-05T00:00:00Z' })]);
    // an older post with another name, and a newer one without a name, in one call
    await ingest([
      mention('p-old', { author: { handle: 'profiled', displayName: 'Old name', followers: 10, verified: true }, postedAt: '2026-11-01T00:00:00Z' }),
      mention('p-newest', { author: { handle: 'profiled', followers: 70 }, postedAt: '2026-11-06T00:00:00Z' }),
    ]);
    const [author] = await app.dataSource.query(`SELECT display_name, followers, verified FROM influencers WHERE handle_key = 'profiled'`);
    expect(author).toEqual({ display_name: 'New name', followers: 70, verified: true });
  });

  it("marks the organization's own posts as owned and keeps them out of the audience rollups", async () => {
    await ingest([mention('own-1', { author: { handle: 'acmeair' }, text: 'We are sorry, rebooking everyone now' })]);
    expect((await read('own-1')).owned).toBe(true);
    const rows = await app.dataSource.query(`SELECT count(*)::int AS n FROM mention_rollups r JOIN mentions m ON m.external_id = 'own-1' AND r.organization_id = m.organization_id WHERE r.volume < 0`);
    expect(rows[0].n).toBe(0);
    expect(await rollupDifferences(app.dataSource, orgId)).toEqual([]);
  });

  it('links mentions to the incident whose window and keywords match, and re-links when incidents change', async () => {
    const org = await createOrganization(app, 'Linking Org', { handles: [{ platform: 'TWITTER', handle: 'LinkCo' }] });
    const run = (mentions: unknown[]) => app.ok(INGEST, { org: org.id, mentions });
    await run([
      mention('before', { postedAt: '2026-11-01T00:00:00Z', text: 'luggage lost' }),
      mention('during-match', { postedAt: '2026-11-03T00:00:00Z', text: 'My LUGGAGE is gone' }),
      mention('during-other', { postedAt: '2026-11-03T01:00:00Z', text: 'nice food on board' }),
    ]);
    const incident = await createIncident(app, org.id, { startedAt: '2026-11-02T00:00:00Z', keywords: ['luggage'] });
    const linked = async () =>
      Object.fromEntries(
        (await app.dataSource.query('SELECT external_id, incident_id FROM mentions WHERE organization_id = $1', [org.id])).map((r: any) => [r.external_id, r.incident_id]),
      );
    expect(await linked()).toEqual({ before: null, 'during-match': incident, 'during-other': null });

    await run([
      mention('response', { postedAt: '2026-11-03T02:00:00Z', text: 'We are looking into the luggage issue', author: { handle: 'linkco' } }),
      mention('late-luggage', { postedAt: '2026-11-04T00:00:00Z', text: 'still no luggage' }),
    ]);
    const incidentView = async () =>
      (await app.ok('query ($id: ID!) { incident(id: $id) { firstResponseAt responseTimeSeconds mentions { totalCount } } }', { id: incident })).incident;
    expect(await incidentView()).toMatchObject({ firstResponseAt: '2026-11-03T02:00:00.000Z', responseTimeSeconds: 26 * 3600, mentions: { totalCount: 3 } });

    await app.ok('mutation ($id: ID!) { updateIncident(id: $id, input: { status: RESOLVED, resolvedAt: "2026-11-03T12:00:00Z" }) { id } }', { id: incident });
    expect((await linked())['late-luggage']).toBeNull();
    await app.ok('mutation ($id: ID!) { updateIncident(id: $id, input: { keywords: [] }) { id } }', { id: incident });
    expect((await linked())['during-other']).toBe(incident);
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  });

  it('applies concurrent edits of one incident without undoing each other', async () => {
    const org = await createOrganization(app, 'Busy Editors');
    const incident = await createIncident(app, org.id, { startedAt: '2026-11-05T00:00:00Z' });
    await app.ok(INGEST, { org: org.id, mentions: [mention('early', { postedAt: '2026-11-04T00:00:00Z' }), mention('late', { postedAt: '2026-11-06T00:00:00Z' })] });
    const UPDATE = 'mutation ($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id } }';
    await Promise.all([
      app.ok(UPDATE, { id: incident, input: { startedAt: '2026-11-03T00:00:00Z' } }),
      app.ok(UPDATE, { id: incident, input: { title: 'Renamed' } }),
      app.ok(UPDATE, { id: incident, input: { severity: 'CRITICAL' } }),
    ]);
    const [row] = await app.dataSource.query('SELECT title, severity, started_at FROM incidents WHERE id = $1', [incident]);
    expect(row).toEqual({ title: 'Renamed', severity: 'CRITICAL', started_at: new Date('2026-11-03T00:00:00Z') });
    const links = await app.dataSource.query('SELECT external_id, incident_id FROM mentions WHERE organization_id = $1 ORDER BY 1', [org.id]);
    expect(links).toEqual([{ external_id: 'early', incident_id: incident }, { external_id: 'late', incident_id: incident }]);
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  });

  it("re-marks owned posts when the organization's handles change, moving them out of and back into the audience", async () => {
    const org = await createOrganization(app, 'Handle Changer', { handles: [{ platform: 'TWITTER', handle: 'OldHandle' }] });
    const incident = await createIncident(app, org.id, { startedAt: '2026-11-01T00:00:00Z' });
    await app.ok(INGEST, {
      org: org.id,
      mentions: [
        mention('by-old', { author: { handle: 'oldhandle' }, postedAt: '2026-11-02T00:00:00Z' }),
        mention('by-new', { author: { handle: 'NewHandle' }, postedAt: '2026-11-03T00:00:00Z' }),
      ],
    });
    const owned = async () =>
      Object.fromEntries((await app.dataSource.query('SELECT external_id, owned FROM mentions WHERE organization_id = $1', [org.id])).map((r: any) => [r.external_id, r.owned]));
    expect(await owned()).toEqual({ 'by-old': true, 'by-new': false });
    await app.ok('mutation ($id: ID!) { updateOrganization(id: $id, input: { handles: [{ platform: TWITTER, handle: "@newhandle" }] }) { id } }', { id: org.id });
    expect(await owned()).toEqual({ 'by-old': false, 'by-new': true });
    const [row] = await app.dataSource.query('SELECT first_response_at FROM incidents WHERE id = $1', [incident]);
    expect(row.first_response_at).toEqual(new Date('2026-11-03T00:00:00Z'));
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  });

  it('never replaces a first response set by hand', async () => {
    const org = await createOrganization(app, 'Manual Org', { handles: [{ platform: 'TWITTER', handle: 'ManualCo' }] });
    const incident = await createIncident(app, org.id, { startedAt: '2026-11-01T00:00:00Z' });
    await app.ok('mutation ($id: ID!) { updateIncident(id: $id, input: { firstResponseAt: "2026-11-01T05:00:00Z" }) { id } }', { id: incident });
    await app.ok(INGEST, { org: org.id, mentions: [mention('r', { author: { handle: 'manualco' }, postedAt: '2026-11-01T01:00:00Z' })] });
    const view = (await app.ok('query ($id: ID!) { incident(id: $id) { firstResponseAt } }', { id: incident })).incident;
    expect(view.firstResponseAt).toBe('2026-11-01T05:00:00.000Z');
  });

  it('resolves an author another organization is inserting at the same moment', async () => {
    const org = await createOrganization(app, 'Racing Org');
    // another transaction has inserted the author and not committed yet: ingestion must wait, then use its row
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`INSERT INTO influencers (platform, handle, handle_key, followers, profile_observed_at) VALUES ('TWITTER', 'Racer', 'racer', 5, '2026-01-01T00:00:00Z')`);
    const pending = app.ok(INGEST, { org: org.id, mentions: [mention('race-1', { author: { handle: 'racer', followers: 777 } })] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runner.commitTransaction();
    await runner.release();
    expect((await pending).ingestMentions).toMatchObject({ accepted: 1, rejected: 0 });
    const [author] = await app.dataSource.query(`SELECT followers FROM influencers WHERE handle_key = 'racer'`);
    expect(author.followers).toBe(777);
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  });

  it('lets two organizations ingest at the same time with new authors in common', async () => {
    const [one, two] = [await createOrganization(app, 'Parallel One'), await createOrganization(app, 'Parallel Two')];
    const batch = (prefix: string) =>
      Array.from({ length: 300 }, (_, i) => mention(`${prefix}-${i}`, { author: { handle: `shared_${i % 150}`, followers: i } }));
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, round) => [
        app.ok(INGEST, { org: one.id, mentions: batch(`one-${round}`) }),
        app.ok(INGEST, { org: two.id, mentions: batch(`two-${round}`) }),
      ]).flat(),
    );
    for (const result of results) expect(result.ingestMentions).toMatchObject({ accepted: 300, rejected: 0 });
    const authors = await app.dataSource.query(`SELECT count(*)::int AS n FROM influencers WHERE handle_key LIKE 'shared\\_%'`);
    expect(authors[0].n).toBe(150);
    for (const org of [one, two]) expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  });

  it('refuses more than 5,000 mentions in one call, storing none', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => mention(`bulk-${i}`));
    const response = await app.gql(INGEST, { org: orgId, mentions: many });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentions' });
    expect(await read('bulk-1')).toBeUndefined();
  });

  it('needs the INGEST scope on the organization', async () => {
    const reader = await createKey(app, [orgId], ['READ']);
    const response = await app.gql(INGEST, { org: orgId, mentions: [mention('nope')] }, reader.secret);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await createOrganization(app, 'Elsewhere');
    const outsider = await createKey(app, [other.id], ['INGEST']);
    const denied = await app.gql(INGEST, { org: orgId, mentions: [mention('nope')] }, outsider.secret);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await read('nope')).toBeUndefined();
  });
});

describe('scoring on worker threads', () => {
  let threaded: TestApp;
  let inline: TestApp;
  beforeAll(async () => {
    threaded = await startTestApp({ now: () => NOW, config: { SCORING_THREADS: 2 } });
    inline = await startTestApp({ now: () => NOW, config: { SCORING_THREADS: 0 }, sameDatabaseAs: threaded });
  });
  afterAll(async () => {
    await inline.close();
    await threaded.close();
  });

  it('stores the languages and sentiments the main thread computes, for a batch split over two threads', async () => {
    const corpus = loadCorpus(defaultCorpusDirectory(path.resolve(__dirname, '..', '..')));
    const texts = [...corpus.en.negative.slice(0, 200).map((t) => t.text), ...corpus.id.positive.slice(0, 200), ...corpus.en.neutral.slice(0, 200).map((t) => t.text)];
    // some items bring their own language or sentiment, which scoring must leave as given
    const mentions = texts.map((text, i) => ({
      ...mention(`thread-${i}`, { text, author: { handle: `author${i % 37}` } }),
      ...(i % 7 === 0 ? { language: 'id' } : {}),
      ...(i % 11 === 0 ? { sentiment: 0.25 } : {}),
    }));
    const stored = async (app: TestApp, name: string) => {
      const org = (await createOrganization(app, name)).id;
      const result = (await app.ok(INGEST, { org, mentions })).ingestMentions;
      expect(result).toMatchObject({ accepted: texts.length, rejected: 0 });
      const rows: Array<{ external_id: string; language: string | null; sentiment: number; sentiment_source: string }> = await app.dataSource.query(
        'SELECT external_id, language, sentiment, sentiment_source FROM mentions WHERE organization_id = $1 ORDER BY external_id',
        [org],
      );
      return rows;
    };
    const onThreads = await stored(threaded, 'Threaded Air');
    const onMain = await stored(inline, 'Inline Air');
    expect(onThreads).toHaveLength(texts.length);
    expect(onThreads).toEqual(onMain);
    for (const row of onThreads) {
      const i = Number(row.external_id.slice('thread-'.length));
      const language = i % 7 === 0 ? 'id' : detectLanguage(texts[i]!);
      expect(row.language).toBe(language);
      expect(row.sentiment).toBe(i % 11 === 0 ? 0.25 : scoreSentiment(texts[i]!, language));
      expect(row.sentiment_source).toBe(i % 11 === 0 ? 'PROVIDED' : 'COMPUTED');
    }
  });
});

describe('recordMetrics', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({ now: () => NOW });
    orgId = (await createOrganization(app, 'Metrics Org')).id;
  });
  afterAll(() => app.close());

  const RECORD = `mutation ($org: ID!, $observations: [MetricObservationInput!]!) {
    recordMetrics(organizationId: $org, observations: $observations) { accepted inserted updated unchanged duplicates rejected errors { index field message } }
  }`;

  it('stores observations, updates one sent again, and rejects bad items alone', async () => {
    const first = await app.ok(RECORD, {
      org: orgId,
      observations: [
        { key: 'SALES', value: 1000, observedAt: '2026-11-01T00:00:00Z' },
        { key: 'WEBSITE_TRAFFIC', value: 52000, observedAt: '2026-11-01T00:00:00Z' },
        { key: '9bad', value: 1, observedAt: '2026-11-01T00:00:00Z' },
        { key: 'CRISIS_COST', value: 5, observedAt: 'not a date' },
      ],
    });
    expect(first.recordMetrics).toMatchObject({ accepted: 2, inserted: 2, rejected: 2 });
    expect(first.recordMetrics.errors.map((e: any) => [e.index, e.field])).toEqual([[2, 'key'], [3, 'observedAt']]);
    const again = await app.ok(RECORD, {
      org: orgId,
      observations: [
        { key: 'SALES', value: 1200, observedAt: '2026-11-01T00:00:00+00:00' },
        { key: 'WEBSITE_TRAFFIC', value: 52000, observedAt: '2026-11-01T00:00:00Z' },
      ],
    });
    expect(again.recordMetrics).toMatchObject({ accepted: 2, inserted: 0, updated: 1, unchanged: 1 });
    const rows = await app.dataSource.query(`SELECT key, value FROM metric_observations WHERE organization_id = $1 ORDER BY key`, [orgId]);
    expect(rows).toEqual([{ key: 'SALES', value: 1200 }, { key: 'WEBSITE_TRAFFIC', value: 52000 }]);
  });
});
