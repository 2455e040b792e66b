import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricFieldName, metricValues } from '../../src/analytics/metrics';
import { Random } from '../../src/seed/random';
import { windowTotals, type SumColumn } from '../../src/services/analytics/segment-totals';
import {
  bruteMetrics,
  brutePercentile,
  bruteReplyDelays,
  figureDifferences,
  localPeriod,
  RAW_MENTION_COLUMNS,
  type RawMention,
} from '../support/brute-force';
import { createIncident, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const SEED = Number(process.env.ANALYTICS_SEED ?? 20261124);
const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted rejected } }`;
const METRICS = [
  'VOLUME',
  'UNIQUE_AUTHORS',
  'AVERAGE_SENTIMENT',
  'POSITIVE',
  'NEUTRAL',
  'NEGATIVE',
  'NET_SENTIMENT',
  'NEGATIVE_SHARE',
  'REACH',
  'ENGAGEMENT',
  'ENGAGEMENT_RATE',
  'MEDIA_COVERAGE',
  'REPUTATION_INDEX',
];
const FIELDS = 'volume uniqueAuthors averageSentiment positive neutral negative netSentiment negativeShare reach engagement engagementRate mediaCoverage reputationIndex';
const ZONES = ['Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'UTC'];
const PLATFORMS = ['TWITTER', 'FACEBOOK', 'NEWS', 'REDDIT'];
// New York leaves DST on 2026-11-01, inside the data
const START = Date.parse('2026-10-27T00:00:00Z');
const SPAN_MINUTES = 11 * 24 * 60;

describe(`analytics equal a brute-force recomputation from raw rows (seed ${SEED})`, () => {
  let app: TestApp;
  let organization: string;
  let incidents: string[];
  let rows: RawMention[];
  const rng = new Random(SEED);

  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-12-01T00:00:00Z') });
    organization = (await createOrganization(app, 'Exact Air', { timezone: 'Asia/Kathmandu', handles: PLATFORMS.map((platform) => ({ platform, handle: 'ExactCare' })) })).id;
    const other = (await createOrganization(app, 'Other Air', { timezone: 'America/New_York' })).id;
    incidents = [
      await createIncident(app, organization, { title: 'Outage', startedAt: '2026-10-29T06:10:00Z', keywords: ['outage', 'down'] }),
      await createIncident(app, organization, { title: 'Refunds', startedAt: '2026-11-02T13:37:00Z', keywords: ['refund'] }),
    ];
    const words = ['outage', 'refund', 'great', 'down', 'thanks', 'luggage', 'terrible', 'love', 'delay', 'ok'];
    const authors = Array.from({ length: 40 }, (_, index) => `author_${index}`);
    const mention = (id: number, extra: Record<string, unknown> = {}) => ({
      platform: rng.pick(PLATFORMS),
      externalId: `x-${id}`,
      text: `${rng.pick(words)} ${rng.pick(words)} ${rng.pick(words)}`,
      postedAt: new Date(START + rng.int(SPAN_MINUTES) * 60_000 + rng.int(60_000)).toISOString(),
      author: { handle: rng.pick(authors), followers: rng.int(50_000) },
      ...(rng.chance(0.6) ? { sentiment: Math.round((rng.next() * 2 - 1) * 1e4) / 1e4 } : {}),
      ...(rng.chance(0.8) ? { reach: Math.floor(rng.pareto(10, 1.1)) } : {}),
      likes: rng.int(40),
      shares: rng.int(10),
      comments: rng.int(5),
      ...(rng.chance(0.5) ? { language: rng.pick(['en', 'id', 'es']) } : {}),
      ...extra,
    });
    const batch: Array<Record<string, unknown>> = [];
    for (let id = 0; id < 900; id += 1) batch.push(mention(id));
    // owned replies, some before the post they answer (which do not count as responses)
    for (let id = 0; id < 120; id += 1) {
      const target = batch[rng.int(900)]!;
      const delay = rng.int(40_000) - 3_000;
      batch.push({
        ...mention(1000 + id),
        platform: target.platform,
        author: { handle: 'exactcare' },
        inReplyToExternalId: target.externalId,
        postedAt: new Date(Date.parse(target.postedAt as string) + delay * 1000).toISOString(),
      });
    }
    // then updates of a tenth of them
    for (let id = 0; id < 90; id += 1) batch.push({ ...mention(rng.int(900)), likes: 100 + rng.int(50) });
    for (let offset = 0; offset < batch.length; offset += 400) {
      const result = await app.ok(INGEST, { org: organization, mentions: batch.slice(offset, offset + 400) });
      expect(result.ingestMentions.rejected).toBe(0);
    }
    await app.ok(INGEST, { org: other, mentions: Array.from({ length: 50 }, (_, id) => mention(id)) });
    rows = await app.dataSource.query(`SELECT ${RAW_MENTION_COLUMNS} FROM mentions WHERE organization_id = $1`, [organization]);
    expect(rows.filter((row) => row.owned).length).toBeGreaterThan(100);
    expect(rows.filter((row) => row.incident_id !== null).length).toBeGreaterThan(50);
  }, 120_000);
  afterAll(() => app?.close());

  interface Case {
    scope: { organizationId: string; incidentId?: string; platforms?: string[]; languages?: string[] };
    from: Date;
    to: Date;
    granularity: string;
    timezone: string;
  }

  function randomCase(index: number): Case {
    const scope: Case['scope'] = { organizationId: organization };
    if (rng.chance(0.25)) scope.incidentId = rng.pick(incidents);
    if (rng.chance(0.3)) scope.platforms = PLATFORMS.filter(() => rng.chance(0.5)).concat('NEWS');
    if (rng.chance(0.2)) scope.languages = rng.chance(0.5) ? ['en', 'und'] : ['id'];
    const granularity = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'MINUTE'][index % 5]!;
    const length = granularity === 'MINUTE' ? rng.int(6 * 60) + 1 : rng.int(SPAN_MINUTES) + 1;
    // whole minutes (15-minute aligned or not) and odd seconds
    const from = START - 12 * 60 * 60_000 + rng.int(SPAN_MINUTES) * 60_000 + (rng.chance(0.5) ? rng.int(60) * 1000 : 0);
    return { scope, from: new Date(from), to: new Date(from + length * 60_000 + rng.int(3) * 7_000), granularity, timezone: ZONES[index % ZONES.length]! };
  }

  function selected(c: Case): RawMention[] {
    return rows.filter(
      (row) =>
        row.posted_at >= c.from &&
        row.posted_at < c.to &&
        (!c.scope.incidentId || row.incident_id === c.scope.incidentId) &&
        (!c.scope.platforms || c.scope.platforms.includes(row.platform)) &&
        (!c.scope.languages || c.scope.languages.includes(row.language ?? 'und')),
    );
  }

  const cases = Array.from({ length: 40 }, (_, index) => index);

  it('kpis: every metric, response-time percentiles and replies, for random scopes and ranges', async () => {
    const differences: string[] = [];
    for (const index of cases) {
      const c = randomCase(index);
      const { kpis } = await app.ok(
        `query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { from to ${FIELDS} responseTime { p50Seconds p90Seconds replied firstResponseSeconds } } }`,
        { scope: c.scope, range: { from: c.from, to: c.to } },
      );
      const chosen = selected(c);
      differences.push(...figureDifferences(kpis, bruteMetrics(chosen), `case ${index}`));
      const delays = bruteReplyDelays(
        chosen.filter((row) => !row.owned),
        rows,
      );
      differences.push(
        ...figureDifferences(
          kpis.responseTime,
          {
            p50Seconds: brutePercentile(delays, 0.5),
            p90Seconds: brutePercentile(delays, 0.9),
            replied: delays.length,
            ...(c.scope.incidentId ? {} : { firstResponseSeconds: delays[0] ?? null }),
          },
          `case ${index} responseTime`,
        ),
      );
    }
    expect(differences).toEqual([]);
  });

  it('Incident.kpis on a page of incidents equals a brute-force recomputation, in one statement per figure', async () => {
    const statements: string[] = [];
    const stop = app.queryLogger.onQuery((sql) => statements.push(sql));
    const { organization: found } = await app.ok(
      `query ($id: ID) { organization(id: $id) { incidents(first: 10) { edges { node { id startedAt resolvedAt
        kpis { from to ${FIELDS} responseTime { p50Seconds p90Seconds replied } } } } } } }`,
      { id: organization },
    );
    stop();
    const analytics = statements.filter((sql) => /mention_slot_totals|mention_author_rollups|in_reply_to_external_id = m.external_id/.test(sql));
    // totals, distinct authors, reply delays: three statements whatever the number of incidents
    expect(analytics).toHaveLength(3);
    const differences: string[] = [];
    for (const { node } of found.incidents.edges) {
      const to = node.resolvedAt ? new Date(node.resolvedAt) : new Date('2026-12-01T00:00:00Z');
      const chosen = rows.filter((row) => row.incident_id === node.id && row.posted_at >= new Date(node.startedAt) && row.posted_at < to);
      expect(node.kpis.to).toBe(to.toISOString());
      differences.push(...figureDifferences(node.kpis, bruteMetrics(chosen), `incident ${node.id}`));
      const delays = bruteReplyDelays(chosen.filter((row) => !row.owned), rows);
      differences.push(
        ...figureDifferences(node.kpis.responseTime, { p50Seconds: brutePercentile(delays, 0.5), p90Seconds: brutePercentile(delays, 0.9), replied: delays.length }, `incident ${node.id}`),
      );
    }
    expect(found.incidents.edges).toHaveLength(2);
    expect(differences).toEqual([]);
  });

  it('timeSeries: calendar buckets in Kolkata, Kathmandu and New York across DST, with every fill', async () => {
    const differences: string[] = [];
    for (const index of cases) {
      const c = randomCase(index);
      const fill = ['ZERO', 'NULL', 'NONE'][index % 3]!;
      const { timeSeries } = await app.ok(
        `query ($scope: ScopeInput!, $range: TimeRangeInput!, $g: Granularity!, $tz: String, $fill: GapFill, $metrics: [Metric!]!) {
          timeSeries(scope: $scope, range: $range, granularity: $g, metrics: $metrics, timezone: $tz, fill: $fill) { granularity timezone points { bucket ${FIELDS} } } }`,
        { scope: c.scope, range: { from: c.from, to: c.to }, g: c.granularity, tz: c.timezone, fill, metrics: METRICS },
      );
      expect(timeSeries.timezone).toBe(c.timezone);
      const groups = new Map<string, RawMention[]>();
      for (const row of selected(c).filter((row) => !row.owned)) {
        const label = localPeriod(row.posted_at, c.granularity, c.timezone);
        groups.set(label, [...(groups.get(label) ?? []), row]);
      }
      const labels = timeSeries.points.map((point: { bucket: string }) => localPeriod(new Date(point.bucket), c.granularity, c.timezone));
      expect(new Set(labels).size, `case ${index}: one point per bucket`).toBe(labels.length);
      expect([...labels].map((label, position) => position === 0 || timeSeries.points[position - 1].bucket < timeSeries.points[position].bucket)).not.toContain(false);
      if (fill === 'NONE') expect(new Set(labels)).toEqual(new Set(groups.keys()));
      else {
        for (const label of groups.keys()) expect(labels, `case ${index}: bucket ${label} present`).toContain(label);
        // every bucket of the range: the first contains `from`, the last contains the last instant before `to`
        expect(labels[0]).toBe(localPeriod(c.from, c.granularity, c.timezone));
        expect(labels.at(-1)).toBe(localPeriod(new Date(c.to.getTime() - 1), c.granularity, c.timezone));
      }
      timeSeries.points.forEach((point: Record<string, unknown>, position: number) => {
        const group = groups.get(labels[position]!);
        const expected = group ? bruteMetrics(group) : fill === 'NULL' ? Object.fromEntries(Object.keys(bruteMetrics([])).map((key) => [key, null])) : bruteMetrics([]);
        differences.push(...figureDifferences(point, expected, `case ${index} ${fill} ${labels[position]}`));
      });
    }
    expect(differences).toEqual([]);
  });

  it('kpiTable: random group-bys give exactly the brute-force groups, in order, and pages add up', async () => {
    const differences: string[] = [];
    const dimensions = ['INCIDENT', 'PLATFORM', 'LANGUAGE', 'SENTIMENT', 'TIME', 'ORGANIZATION'];
    for (const index of cases.slice(0, 25)) {
      const c = randomCase(index);
      const groupBy = dimensions.filter(() => rng.chance(0.4));
      if (rng.chance(0.5)) groupBy.reverse();
      const granularity = groupBy.includes('TIME') ? (c.granularity === 'MINUTE' ? 'HOUR' : c.granularity) : null;
      const query = `query ($scope: ScopeInput!, $range: TimeRangeInput!, $groupBy: [Dimension!]!, $metrics: [Metric!]!, $g: Granularity, $tz: String, $first: Int, $after: String) {
        kpiTable(scope: $scope, range: $range, groupBy: $groupBy, metrics: $metrics, granularity: $g, timezone: $tz, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } rows { organizationId incidentId platform language sentiment bucket ${FIELDS} } } }`;
      const variables = { scope: c.scope, range: { from: c.from, to: c.to }, groupBy, metrics: METRICS, g: granularity, tz: c.timezone };
      const all: Array<Record<string, any>> = [];
      let after: string | null = null;
      let total: number;
      do {
        const page: any = (await app.ok(query, { ...variables, first: 7, after })).kpiTable;
        all.push(...page.rows);
        total = page.totalCount;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(all.length).toBe(total);

      const keyOf = (row: RawMention) =>
        [
          groupBy.includes('ORGANIZATION') ? row.organization_id : null,
          groupBy.includes('INCIDENT') ? row.incident_id : null,
          groupBy.includes('PLATFORM') ? row.platform : null,
          groupBy.includes('LANGUAGE') ? row.language : null,
          groupBy.includes('SENTIMENT') ? row.sentiment_label : null,
          groupBy.includes('TIME') ? localPeriod(row.posted_at, granularity!, c.timezone) : null,
        ].join('|');
      const groups = new Map<string, RawMention[]>();
      for (const row of selected(c).filter((row) => !row.owned)) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
      const apiKeys = all.map((row) =>
        [row.organizationId, row.incidentId, row.platform, row.language, row.sentiment, row.bucket ? localPeriod(new Date(row.bucket), granularity!, c.timezone) : null].join(
          '|',
        ),
      );
      expect(new Set(apiKeys), `case ${index} groupBy ${groupBy}`).toEqual(new Set(groups.keys()));
      all.forEach((row, position) => differences.push(...figureDifferences(row, bruteMetrics(groups.get(apiKeys[position]!) ?? []), `case ${index} ${apiKeys[position]}`)));
      // sorted by the dimensions in the order given
      const sortKey = (row: Record<string, any>) =>
        groupBy.map((dimension) => {
          const value = { ORGANIZATION: row.organizationId, INCIDENT: row.incidentId, PLATFORM: row.platform, LANGUAGE: row.language, SENTIMENT: row.sentiment, TIME: row.bucket }[dimension];
          if (dimension === 'SENTIMENT') return ['POSITIVE', 'NEUTRAL', 'NEGATIVE'].indexOf(value);
          return value ?? '';
        });
      for (let position = 1; position < all.length; position += 1) {
        const [a, b] = [sortKey(all[position - 1]!), sortKey(all[position]!)];
        const order = a.findIndex((value, i) => value !== b[i]);
        expect(order === -1 || a[order]! < b[order]!, `case ${index}: row ${position} in order`).toBe(true);
      }
    }
    expect(differences).toEqual([]);
  });

  it('windowTotals: overlapping windows of one scope in one statement equal each window recomputed alone; sums left out read 0', async () => {
    const differences: string[] = [];
    const sentimentSums: SumColumn[] = ['volume', 'positive', 'neutral', 'negative', 'sentiment_sum'];
    for (const index of cases.slice(0, 24)) {
      const c = randomCase(index);
      const scope = {
        organizationId: organization,
        incidentId: c.scope.incidentId ?? null,
        platforms: c.scope.platforms ?? null,
        languages: c.scope.languages?.map((language) => (language === 'und' ? '' : language)) ?? null,
        dayZone: 'Asia/Kathmandu',
      };
      // trailing windows of several lengths ending together, each with the one before it, as live topics ask
      const end = c.to.getTime();
      const lengths = Array.from({ length: 1 + rng.int(4) }, () => (1 + rng.int(3 * 24 * 60)) * 60_000 + (rng.chance(0.5) ? rng.int(60) * 1000 : 0));
      const windows = lengths.flatMap((length) => [[end - 2 * length, end - length] as const, [end - length, end] as const]);
      const sums = index % 2 === 0 ? undefined : sentimentSums;
      const statements: string[] = [];
      const stop = app.queryLogger.onQuery((sql) => statements.push(sql));
      const totals = await windowTotals(app.dataSource, { scope, windows, sums });
      stop();
      expect(statements, `case ${index}`).toHaveLength(1);
      expect(totals).toHaveLength(windows.length);
      windows.forEach(([from, to], position) => {
        const label = `case ${index} window ${position} [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
        const expected = bruteMetrics(selected({ ...c, from: new Date(from), to: new Date(to) }));
        const values = metricValues(totals[position]!);
        const actual = Object.fromEntries(Object.entries(values).map(([metric, value]) => [metricFieldName(metric as never), value]));
        const compared = sums ? ['volume', 'averageSentiment', 'positive', 'neutral', 'negative', 'netSentiment', 'negativeShare'] : Object.keys(expected).filter((field) => field !== 'uniqueAuthors');
        differences.push(...figureDifferences(actual, Object.fromEntries(compared.map((field) => [field, expected[field]!])), label));
        if (sums) {
          const { reach, engagement, mediaCoverage, weightSum, weightedSentimentSum, sentimentSquareSum } = totals[position]!;
          expect({ reach, engagement, mediaCoverage, weightSum, weightedSentimentSum, sentimentSquareSum }, label).toEqual({
            reach: 0,
            engagement: 0,
            mediaCoverage: 0,
            weightSum: 0,
            weightedSentimentSum: 0,
            sentimentSquareSum: 0,
          });
        }
      });
    }
    expect(differences).toEqual([]);
  });
});
