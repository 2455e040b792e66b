import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bruteMetrics, RAW_MENTION_COLUMNS, type RawMention } from '../support/brute-force';
import { createIncident, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted rejected } }`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `perHour` mentions in each hour of [from, to), spread evenly, sentiments cycling through `sentiments`. */
function hourly(prefix: string, from: string, to: string, perHour: number, sentiments: number[], extra: Record<string, unknown> = {}) {
  const mentions: Array<Record<string, unknown>> = [];
  let count = 0;
  for (let hour = Date.parse(from); hour < Date.parse(to); hour += HOUR) {
    for (let i = 0; i < perHour; i += 1) {
      const sentiment = sentiments[count++ % sentiments.length]!;
      mentions.push({
        platform: 'TWITTER',
        externalId: `${prefix}-${hour}-${i}`,
        text: `post ${i}`,
        postedAt: new Date(hour + Math.floor((i * HOUR) / perHour)).toISOString(),
        author: { handle: `${prefix}_author_${i % 7}` },
        sentiment,
        reach: 100 + i,
        likes: i,
        ...extra,
      });
    }
  }
  return mentions;
}

async function ingest(app: TestApp, org: string, mentions: Array<Record<string, unknown>>): Promise<void> {
  for (let offset = 0; offset < mentions.length; offset += 2000) {
    const result = await app.ok(INGEST, { org, mentions: mentions.slice(offset, offset + 2000) });
    expect(result.ingestMentions.rejected).toBe(0);
  }
}

describe('reputationDelta', () => {
  let app: TestApp;
  let org: string;
  let incident: string;
  let rows: RawMention[];

  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-12-01T00:00:00Z') });
    org = (await createOrganization(app, 'Delta Air')).id;
    incident = await createIncident(app, org, { title: 'Grounding', startedAt: '2026-11-10T00:00:00Z' });
    await app.ok(`mutation ($id: ID!) { updateIncident(id: $id, input: { status: RESOLVED, resolvedAt: "2026-11-12T00:00:00Z" }) { id } }`, { id: incident });
    await ingest(app, org, [
      ...hourly('base', '2026-11-03T00:00:00Z', '2026-11-10T00:00:00Z', 5, [0.4, 0.6]),
      ...hourly('crisis', '2026-11-10T00:00:00Z', '2026-11-10T12:00:00Z', 30, [-0.6, -0.8]),
      ...hourly('calm', '2026-11-10T12:00:00Z', '2026-11-12T00:00:00Z', 5, [0.4, 0.6]),
      ...hourly('after', '2026-11-12T00:00:00Z', '2026-11-19T00:00:00Z', 4, [0.3, 0.5]),
    ]);
    await app.ok(`mutation ($org: ID!, $obs: [MetricObservationInput!]!) { recordMetrics(organizationId: $org, observations: $obs) { accepted } }`, {
      org,
      obs: [
        ...[100, 110, 90, 105].map((value, day) => ({ key: 'SALES', value, observedAt: `2026-11-0${5 + day}T12:00:00Z` })),
        ...[60, 70].map((value, day) => ({ key: 'SALES', value, observedAt: `2026-11-1${day}T12:00:00Z` })),
        ...[95, 99, 101].map((value, day) => ({ key: 'SALES', value, observedAt: `2026-11-1${3 + day}T12:00:00Z` })),
      ],
    });
    rows = await app.dataSource.query(`SELECT ${RAW_MENTION_COLUMNS} FROM mentions WHERE organization_id = $1`, [org]);
  }, 120_000);
  afterAll(() => app?.close());

  const QUERY = `query ($id: ID!) { reputationDelta(incidentId: $id) {
    incident { id } recovered recoveredAt peakAt timeToRecoverySeconds
    baseline { from to kpis { volume averageSentiment } } during { from to kpis { volume negative } } after { from to kpis { volume } }
    metrics { metric before during after change relativeChange ciLow ciHigh significant } } }`;

  const between = (from: string, to: string) => rows.filter((row) => row.posted_at >= new Date(from) && row.posted_at < new Date(to));

  it('compares baseline, during and after windows as API.md defines them, count metrics as per-day rates', async () => {
    const { reputationDelta: delta } = await app.ok(QUERY, { id: incident });
    expect(delta.incident.id).toBe(incident);
    expect([delta.baseline.from, delta.baseline.to, delta.during.to, delta.after.to]).toEqual([
      '2026-11-03T00:00:00.000Z',
      '2026-11-10T00:00:00.000Z',
      '2026-11-12T00:00:00.000Z',
      '2026-11-19T00:00:00.000Z',
    ]);
    const base = bruteMetrics(between('2026-11-03T00:00:00Z', '2026-11-10T00:00:00Z'));
    const during = bruteMetrics(between('2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z'));
    const after = bruteMetrics(between('2026-11-12T00:00:00Z', '2026-11-19T00:00:00Z'));
    expect(delta.baseline.kpis.volume).toBe(base.volume);
    expect(delta.during.kpis.negative).toBe(during.negative);

    const byMetric = Object.fromEntries(delta.metrics.map((metric: any) => [metric.metric, metric]));
    const volume = byMetric.VOLUME;
    expect(volume.before).toBeCloseTo(base.volume! / 7, 9);
    expect(volume.during).toBeCloseTo(during.volume! / 2, 9);
    expect(volume.after).toBeCloseTo(after.volume! / 7, 9);
    expect(volume.change).toBeCloseTo(after.volume! / 7 - base.volume! / 7, 9);
    expect(volume.relativeChange).toBeCloseTo((after.volume! / 7 - base.volume! / 7) / (base.volume! / 7), 9);
    // every day of both windows has exactly 120 (before) and 96 (after) mentions: no variance, a certain drop
    expect(volume.ciLow).toBeCloseTo(-24, 9);
    expect(volume.ciHigh).toBeCloseTo(-24, 9);
    expect(volume.significant).toBe(true);

    const sentiment = byMetric.AVERAGE_SENTIMENT;
    expect(sentiment.before).toBeCloseTo(base.averageSentiment!, 9);
    expect(sentiment.during).toBeCloseTo(during.averageSentiment!, 9);
    expect(sentiment.after).toBeCloseTo(after.averageSentiment!, 9);
    // Welch on per-mention values: 0.5 ± 0.1 (n 840) against 0.4 ± 0.1 (n 672); df is large, t ≈ 1.962
    const se = Math.sqrt(0.01 * (840 / 839) / 840 + 0.01 * (672 / 671) / 672);
    expect(sentiment.change).toBeCloseTo(-0.1, 9);
    expect((sentiment.ciHigh - sentiment.ciLow) / 2 / se).toBeCloseTo(1.9615, 2);
    expect(sentiment.significant).toBe(true);

    expect(byMetric.NEGATIVE_SHARE.during).toBeCloseTo(during.negativeShare!, 9);
    expect(byMetric.REPUTATION_INDEX.before).toBeCloseTo(base.reputationIndex!, 9);
    expect(Object.keys(byMetric)).toEqual(expect.arrayContaining(['UNIQUE_AUTHORS', 'ENGAGEMENT_RATE', 'MEDIA_COVERAGE', 'SALES']));
  });

  it('compares custom metrics by their mean observation, with an interval', async () => {
    const { reputationDelta: delta } = await app.ok(QUERY, { id: incident });
    const sales = delta.metrics.find((metric: any) => metric.metric === 'SALES');
    expect(sales.before).toBeCloseTo(101.25, 9);
    expect(sales.during).toBeCloseTo(65, 9);
    expect(sales.after).toBeCloseTo(295 / 3, 9);
    expect(sales.change).toBeCloseTo(295 / 3 - 101.25, 9);
    expect(sales.ciLow).toBeLessThan(sales.change);
    expect(sales.ciHigh).toBeGreaterThan(sales.change);
    expect(sales.significant).toBe(false);
  });

  it('finds the peak and the recovery from a trailing-24 h average evaluated every 15 minutes', async () => {
    const { reputationDelta: delta } = await app.ok(QUERY, { id: incident });
    const baseline = between('2026-11-03T00:00:00Z', '2026-11-10T00:00:00Z').filter((row) => !row.owned);
    const n = baseline.length;
    const mean = baseline.reduce((sum, row) => sum + row.sentiment, 0) / n;
    const sd = Math.sqrt(baseline.reduce((sum, row) => sum + (row.sentiment - mean) ** 2, 0) / (n - 1));
    const low = mean - 1.9627 * (sd / Math.sqrt(n)); // t(0.975, 839)
    const high = mean + 1.9627 * (sd / Math.sqrt(n));
    const trailing = (at: number) => {
      const window = rows.filter((row) => !row.owned && row.posted_at.getTime() >= at - DAY && row.posted_at.getTime() < at);
      return window.reduce((sum, row) => sum + row.sentiment, 0) / window.length;
    };
    const start = Date.parse('2026-11-10T00:00:00Z');
    let peak = start + 15 * 60_000;
    for (let at = peak; at <= Date.parse('2026-11-12T00:00:00Z'); at += 15 * 60_000) if (trailing(at) < trailing(peak)) peak = at;
    let recovered = peak + 15 * 60_000;
    while (trailing(recovered) < low || trailing(recovered) > high) recovered += 15 * 60_000;
    expect(delta.peakAt).toBe(new Date(peak).toISOString());
    expect(delta.recovered).toBe(true);
    expect(delta.recoveredAt).toBe(new Date(recovered).toISOString());
    expect(delta.recoveredAt).toBe('2026-11-11T12:00:00.000Z');
    expect(delta.timeToRecoverySeconds).toBe((recovered - start) / 1000);
  });

  it('is also a field of the incident, with its own baselineDays, and the incident kpis cover its mentions', async () => {
    const { incident: found } = await app.ok(
      `query ($id: ID!) { incident(id: $id) { kpis { from to volume } reputationDelta(baselineDays: 3, metrics: [VOLUME]) { baseline { from } metrics { metric before } } } }`,
      { id: incident },
    );
    expect(found.reputationDelta.baseline.from).toBe('2026-11-07T00:00:00.000Z');
    expect(found.reputationDelta.metrics).toEqual([{ metric: 'VOLUME', before: 120 }]);
    // the mentions were ingested without incidentId and the incident has no keywords: all in its window are linked
    expect(found.kpis).toEqual({ from: '2026-11-10T00:00:00.000Z', to: '2026-11-12T00:00:00.000Z', volume: 540 });
  });

  it('leaves after null and compares during while the incident is open, and rejects a bad baselineDays', async () => {
    const open = await createIncident(app, org, { title: 'Still open', startedAt: '2026-11-25T00:00:00Z' });
    const { reputationDelta: delta } = await app.ok(QUERY, { id: open });
    expect(delta.after).toBeNull();
    expect(delta.during.to).toBe('2026-12-01T00:00:00.000Z');
    const volume = delta.metrics.find((metric: any) => metric.metric === 'VOLUME');
    expect(volume.after).toBeNull();
    expect(volume.during).toBe(0);
    const bad = await app.gql(`query ($id: ID!) { reputationDelta(incidentId: $id, baselineDays: 0) { recovered } }`, { id: open });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toMatch(/baselineDays/);
  });
});

describe('anomalies and alerts', () => {
  let app: TestApp;
  let org: string;
  let incident: string;

  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-12-01T00:00:00Z') });
    org = (await createOrganization(app, 'Spike Co')).id;
    incident = await createIncident(app, org, { title: 'Spike', startedAt: '2026-11-09T09:30:00Z' });
    await ingest(app, org, hourly('steady', '2026-11-01T00:00:00Z', '2026-11-09T10:00:00Z', 20, [0.5]));
  }, 120_000);
  afterAll(() => app?.close());

  const ALERTS = `query ($org: ID!, $after: String) { alerts(organizationId: $org, after: $after) { totalCount pageInfo { endCursor } edges { node {
    id cursor kind organizationId incidentId bucket metric value expected stdDev zScore severity severityScore message } } } }`;

  it('raises one VOLUME_SPIKE for the first hour of data, whose history is empty, and none for a steady week', async () => {
    const { alerts } = await app.ok(ALERTS, { org });
    expect(alerts.edges.map((edge: any) => [edge.node.kind, edge.node.bucket])).toEqual([['VOLUME_SPIKE', '2026-11-01T00:00:00.000Z']]);
    expect(alerts.edges[0].node).toMatchObject({ value: 20, expected: 0, stdDev: 0, zScore: 20, incidentId: null, severity: 'CRITICAL' });
  });

  it('raises each kind once per episode while a spike grows, with a cursor that replays only what came after', async () => {
    const before = (await app.ok(ALERTS, { org })).alerts;
    const spike = hourly('spike', '2026-11-09T10:00:00Z', '2026-11-09T11:00:00Z', 200, [-0.7]);
    await ingest(app, org, spike.slice(0, 150));
    await ingest(app, org, spike.slice(150));
    const { alerts } = await app.ok(ALERTS, { org, after: before.pageInfo.endCursor });
    const kinds = alerts.edges.map((edge: any) => edge.node.kind).sort();
    expect(kinds).toEqual(['NEGATIVE_SHARE_SPIKE', 'SENTIMENT_DROP', 'VOLUME_SPIKE']);
    for (const { node } of alerts.edges) {
      expect(node.bucket).toBe('2026-11-09T10:00:00.000Z');
      expect(node.incidentId).toBe(incident);
      expect(node.cursor).toEqual(expect.any(String));
    }
    const volume = alerts.edges.find((edge: any) => edge.node.kind === 'VOLUME_SPIKE').node;
    // raised by the first batch, when the hour had 150 mentions against 20 an hour: z = 130 / √20
    expect(volume.value).toBe(150);
    expect(volume.expected).toBe(20);
    expect(volume.zScore).toBeCloseTo(130 / Math.sqrt(20), 9);
    expect(volume.severityScore).toBe(10);
    expect(volume.message).toMatch(/150 mentions/);
    const sentiment = alerts.edges.find((edge: any) => edge.node.kind === 'SENTIMENT_DROP').node;
    expect(sentiment).toMatchObject({ metric: 'NET_SENTIMENT', value: -100, expected: 100 });
    expect(alerts.totalCount).toBe(4);
  });

  it('alerts again only after the episode has subsided', async () => {
    await ingest(app, org, hourly('calm', '2026-11-09T11:00:00Z', '2026-11-09T15:00:00Z', 20, [0.5]));
    const seen = (await app.ok(ALERTS, { org })).alerts;
    expect(seen.totalCount).toBe(4);
    await ingest(app, org, hourly('spike2', '2026-11-09T15:00:00Z', '2026-11-09T16:00:00Z', 200, [0.5]));
    const { alerts } = await app.ok(ALERTS, { org, after: seen.pageInfo.endCursor });
    expect(alerts.edges.map((edge: any) => [edge.node.kind, edge.node.bucket])).toEqual([['VOLUME_SPIKE', '2026-11-09T15:00:00.000Z']]);
  });

  it('anomalies flags the spike hours with the documented rule, counting history before range.from', async () => {
    const { anomalies } = await app.ok(
      `query ($org: ID!) { anomalies(scope: { organizationId: $org }, range: { from: "2026-11-09T00:00:00Z", to: "2026-11-10T00:00:00Z" }) {
        bucket metric value expected stdDev zScore severity } }`,
      { org },
    );
    // brute force over the hourly volumes, 168 preceding hours each, empty hours 0
    const volumes = new Map<number, number>();
    const rows: Array<{ posted_at: Date }> = await app.dataSource.query('SELECT posted_at FROM mentions WHERE organization_id = $1', [org]);
    for (const { posted_at } of rows) {
      const hour = Math.floor(posted_at.getTime() / HOUR) * HOUR;
      volumes.set(hour, (volumes.get(hour) ?? 0) + 1);
    }
    const expected: Array<{ bucket: string; value: number; expected: number; stdDev: number; zScore: number }> = [];
    for (let hour = Date.parse('2026-11-09T00:00:00Z'); hour < Date.parse('2026-11-10T00:00:00Z'); hour += HOUR) {
      const history = Array.from({ length: 168 }, (_, i) => volumes.get(hour - (168 - i) * HOUR) ?? 0);
      const mean = history.reduce((a, b) => a + b, 0) / 168;
      const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / 168);
      const value = volumes.get(hour) ?? 0;
      const z = (value - mean) / Math.max(sd, Math.sqrt(mean), 1);
      if (z >= 3 && value >= 10) expected.push({ bucket: new Date(hour).toISOString(), value, expected: mean, stdDev: sd, zScore: z });
    }
    expect(expected.map((anomaly) => anomaly.bucket)).toEqual(['2026-11-09T10:00:00.000Z', '2026-11-09T15:00:00.000Z']);
    expect(anomalies).toHaveLength(2);
    anomalies.forEach((anomaly: any, index: number) => {
      expect(anomaly.bucket).toBe(expected[index]!.bucket);
      expect(anomaly.metric).toBe('VOLUME');
      expect(anomaly.value).toBe(expected[index]!.value);
      expect(anomaly.expected).toBeCloseTo(expected[index]!.expected, 9);
      expect(anomaly.stdDev).toBeCloseTo(expected[index]!.stdDev, 9);
      expect(anomaly.zScore).toBeCloseTo(expected[index]!.zScore, 9);
      expect(anomaly.severity).toBe(Math.min(10, 1 + Math.floor(expected[index]!.zScore - 3)));
    });
  });

  it('anomalies on NEGATIVE_SHARE and a higher threshold, and rejects a bad threshold', async () => {
    const { anomalies } = await app.ok(
      `query ($org: ID!) { anomalies(scope: { organizationId: $org }, range: { from: "2026-11-09T00:00:00Z", to: "2026-11-10T00:00:00Z" }, metric: NEGATIVE_SHARE, threshold: 0.5) { bucket value } }`,
      { org },
    );
    expect(anomalies).toEqual([{ bucket: '2026-11-09T10:00:00.000Z', value: 1 }]);
    const bad = await app.gql(`query ($org: ID!) { anomalies(scope: { organizationId: $org }, range: { from: "2026-11-09T00:00:00Z", to: "2026-11-10T00:00:00Z" }, threshold: -1) { bucket } }`, {
      org,
    });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toMatch(/threshold/);
  });

  it('ends an episode in the quiet hours between two batches, so a later spike alerts again', async () => {
    const quiet = (await createOrganization(app, 'Quiet Co')).id;
    await ingest(app, quiet, hourly('q-base', '2026-11-01T00:00:00Z', '2026-11-09T04:00:00Z', 12, [0.5]));
    await ingest(app, quiet, hourly('q-spike-1', '2026-11-09T04:00:00Z', '2026-11-09T05:00:00Z', 80, [0.5]));
    // nothing at all from 05:00 to 08:00, then another spike
    await ingest(app, quiet, hourly('q-spike-2', '2026-11-09T08:00:00Z', '2026-11-09T09:00:00Z', 80, [0.5]));
    const { alerts } = await app.ok(ALERTS, { org: quiet });
    expect(alerts.edges.map((edge: any) => [edge.node.kind, edge.node.bucket])).toEqual([
      ['VOLUME_SPIKE', '2026-11-01T00:00:00.000Z'],
      ['VOLUME_SPIKE', '2026-11-09T04:00:00.000Z'],
      ['VOLUME_SPIKE', '2026-11-09T08:00:00.000Z'],
    ]);
  });

  it('rejects an alert cursor that is not one', async () => {
    const response = await app.gql(ALERTS, { org, after: 'bm90LWEtY3Vyc29y' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/after/);
  });
});
