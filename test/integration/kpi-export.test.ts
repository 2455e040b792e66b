import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { rejected } }`;

describe('kpiTable CSV export, share of voice, custom metrics and cost limits', () => {
  let app: TestApp;
  let alpha: string;
  let bravo: string;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-12-01T00:00:00Z') });
    alpha = (await createOrganization(app, 'Alpha Air', { timezone: 'Asia/Kolkata' })).id;
    bravo = (await createOrganization(app, 'Bravo Air')).id;
    key = (await createKey(app, [alpha, bravo], ['READ'])).secret;
    const mentions = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        platform: ['TWITTER', 'NEWS', 'REDDIT'][i % 3],
        externalId: `${prefix}-${i}`,
        text: `text, with "quotes" ${i}`,
        postedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 37 * 60_000).toISOString(),
        author: { handle: `${prefix}_${i % 4}` },
        sentiment: [0.5, -0.5, 0][i % 3],
        reach: 10 * i,
        language: i % 2 ? 'en' : 'id',
      }));
    await app.ok(INGEST, { org: alpha, mentions: mentions('a', 300) });
    await app.ok(INGEST, { org: bravo, mentions: mentions('b', 100) });
    await app.ok(`mutation ($org: ID!) { recordMetrics(organizationId: $org, observations: [
      { key: "SALES", value: 10, observedAt: "2026-11-02T00:00:00Z" }, { key: "SALES", value: 30, observedAt: "2026-11-03T00:00:00Z" },
      { key: "CRISIS_COST", value: 5000, observedAt: "2026-11-02T12:00:00Z" }, { key: "SALES", value: 99, observedAt: "2026-12-05T00:00:00Z" }]) { accepted } }`, {
      org: alpha,
    });
  }, 60_000);
  afterAll(() => app?.close());

  const range = { from: '2026-11-01T00:00:00Z', to: '2026-11-10T00:00:00Z' };

  it('serves the same rows as kpiTable as CSV, with a Bearer or a Basic key, dimension columns in groupBy order', async () => {
    const { kpiTable } = await app.ok(
      `query ($org: ID!, $range: TimeRangeInput!) { kpiTable(scope: { organizationId: $org }, range: $range, groupBy: [TIME, PLATFORM], metrics: [VOLUME, AVERAGE_SENTIMENT, REACH], granularity: DAY) {
        rows { bucket platform volume averageSentiment reach } } }`,
      { org: alpha, range },
      key,
    );
    const url = new URL('/export/kpi-table.csv', app.url);
    url.search = new URLSearchParams({ organizationId: alpha, from: range.from, to: range.to, groupBy: 'TIME,PLATFORM', metrics: 'VOLUME,AVERAGE_SENTIMENT,REACH', granularity: 'DAY' }).toString();
    for (const authorization of [`Bearer ${key}`, `Basic ${Buffer.from(`excel:${key}`).toString('base64')}`]) {
      const response = await fetch(url, { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const records: string[][] = parse(await response.text());
      expect(records[0]).toEqual(['bucket', 'platform', 'volume', 'averageSentiment', 'reach']);
      expect(records.slice(1)).toEqual(
        kpiTable.rows.map((row: any) => [new Date(row.bucket).toISOString(), row.platform, String(row.volume), String(row.averageSentiment), String(row.reach)]),
      );
      // local days of Asia/Kolkata start at 18:30 UTC
      expect(records[1]![0]).toBe('2026-10-31T18:30:00.000Z');
    }
  });

  it('answers a bad CSV request with a 4xx JSON error naming the parameter, and 401 without a key', async () => {
    const base = new URL('/export/kpi-table.csv', app.url);
    const ask = async (params: Record<string, string>, authorization: string | null = `Bearer ${key}`) => {
      base.search = new URLSearchParams(params).toString();
      const response = await fetch(base, { headers: authorization ? { authorization } : {} });
      return { status: response.status, body: (await response.json()) as any };
    };
    const good = { organizationId: alpha, from: range.from, to: range.to, groupBy: 'PLATFORM', metrics: 'VOLUME' };
    expect((await ask(good, null)).status).toBe(401);
    const badMetric = await ask({ ...good, metrics: 'VOLUME,LOUDNESS' });
    expect(badMetric.status).toBe(400);
    expect(badMetric.body.errors[0].message).toMatch(/metrics: unknown value LOUDNESS/);
    const badDate = await ask({ ...good, from: 'yesterday' });
    expect(badDate.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const ancient = await ask({ ...good, from: '0000-01-01T00:00:00Z' });
    expect(ancient.status).toBe(400);
    expect(ancient.body.errors[0].message).toMatch(/range.from: must be between 1900-01-01/);
    const other = await ask({ ...good, organizationId: (await createOrganization(app, 'Hidden')).id });
    expect(other.status).toBe(403);
  });

  it('share of voice splits an additive metric between organizations, shares summing to 1', async () => {
    const { shareOfVoice } = await app.ok(
      `query ($ids: [ID!]!, $range: TimeRangeInput!) { shareOfVoice(organizationIds: $ids, range: $range) { organization { name } value share } }`,
      { ids: [alpha, bravo], range },
      key,
    );
    const [a, b] = await Promise.all(
      [alpha, bravo].map(async (org) => (await app.ok(`query ($org: ID!, $range: TimeRangeInput!) { kpis(scope: { organizationId: $org }, range: $range) { volume } }`, { org, range })).kpis.volume),
    );
    expect(shareOfVoice).toEqual([
      { organization: { name: 'Alpha Air' }, value: a, share: a / (a + b) },
      { organization: { name: 'Bravo Air' }, value: b, share: b / (a + b) },
    ]);
    const ratio = await app.gql(`query ($ids: [ID!]!, $range: TimeRangeInput!) { shareOfVoice(organizationIds: $ids, range: $range, metric: NET_SENTIMENT) { share } }`, {
      ids: [alpha],
      range,
    });
    expect(ratio.body.errors?.[0]?.message).toMatch(/metric: NET_SENTIMENT is not additive/);
  });

  it('kpis carries custom metrics recorded in the range', async () => {
    const { kpis } = await app.ok(`query ($org: ID!, $range: TimeRangeInput!) { kpis(scope: { organizationId: $org }, range: $range) { customMetrics { key count sum average min max last } } }`, {
      org: alpha,
      range,
    });
    expect(kpis.customMetrics).toEqual([
      { key: 'CRISIS_COST', count: 1, sum: 5000, average: 5000, min: 5000, max: 5000, last: 5000 },
      { key: 'SALES', count: 2, sum: 40, average: 20, min: 10, max: 30, last: 30 },
    ]);
  });

  it('rejects more than 10,000 buckets or rows with QUERY_TOO_COMPLEX and says how to narrow the query', async () => {
    const series = await app.gql(`query ($org: ID!) { timeSeries(scope: { organizationId: $org }, range: { from: "2026-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }, granularity: MINUTE, metrics: [VOLUME]) { points { bucket } } }`, {
      org: alpha,
    });
    expect(series.status).toBe(400);
    expect(series.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(series.body.errors?.[0]?.message).toMatch(/more than the 10000 allowed: shorten the range or use a coarser granularity/);
    const page = await app.gql(`query ($org: ID!) { kpiTable(scope: { organizationId: $org }, range: { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, groupBy: [PLATFORM], metrics: [VOLUME], first: 10001) { totalCount } }`, {
      org: alpha,
    });
    expect(page.body.errors?.[0]?.message).toMatch(/first: must be between 1 and 10000/);
    const granularity = await app.gql(`query ($org: ID!) { kpiTable(scope: { organizationId: $org }, range: { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, groupBy: [PLATFORM], metrics: [VOLUME], granularity: HOUR) { totalCount } }`, {
      org: alpha,
    });
    expect(granularity.body.errors?.[0]?.message).toMatch(/granularity: only applies when groupBy contains TIME/);
  });

  it('answers bad scopes and ranges with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, RegExp]> = [
      [{ organizationId: alpha, languages: ['english language'] }, range, /scope.languages\[0\]/],
      [{ organizationId: alpha, platforms: [] }, range, /scope.platforms: an empty list/],
      [{ organizationId: alpha }, { from: range.to, to: range.from }, /range: from .* must be before to/],
      [{ organizationId: 'not-an-id' }, range, /scope.organizationId/],
      [{ organizationId: alpha }, { from: '0000-01-01T00:00:00Z', to: range.to }, /range.from: must be between 1900-01-01 and 2200-01-01/],
    ];
    for (const [scope, badRange, message] of cases) {
      const response = await app.gql(`query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { volume } }`, { scope, range: badRange });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toMatch(message);
    }
    const zone = await app.gql(`query ($org: ID!) { timeSeries(scope: { organizationId: $org }, range: { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, granularity: HOUR, metrics: [VOLUME], timezone: "Mars/Olympus") { timezone } }`, {
      org: alpha,
    });
    expect(zone.body.errors?.[0]?.message).toMatch(/timezone: "Mars\/Olympus" is not an IANA time zone/);
  });
});
