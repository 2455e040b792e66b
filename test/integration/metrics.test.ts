import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation Ingest($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { inserted updated unchanged duplicates rejected } }`;
const VOLUME = `subscription ($org: ID!) { volumeChanged(organizationId: $org, windowSeconds: 3600) { volume } }`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample a line (what a scraper reads). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of match[2]?.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the series of `name` whose labels include `labels` (0 when there is none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))
    .reduce((sum, sample) => sum + sample.value, 0);
}

const POSTED_AT = new Date(Date.now() - 60_000).toISOString();

function mention(externalId: string, extra: Record<string, unknown> = {}) {
  return { platform: 'TWITTER', externalId, text: 'refund still missing', postedAt: POSTED_AT, author: { handle: 'metrics_fan' }, sentiment: -0.5, ...extra };
}

describe('GET /metrics', () => {
  const token = randomBytes(24).toString('hex');
  let app: TestApp;
  let org: { id: string; slug: string };
  let key: string;
  const metricsUrl = () => app.url.replace(/\/graphql$/, '/metrics');

  async function scrape(authorization: string | null = `Bearer ${app.adminKey}`): Promise<Response> {
    return fetch(metricsUrl(), { headers: authorization ? { authorization } : {} });
  }
  async function samples(target: TestApp = app): Promise<Sample[]> {
    const response = await fetch(target.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${target.adminKey}` } });
    expect(response.status).toBe(200);
    return parse(await response.text());
  }

  beforeAll(async () => {
    app = await startTestApp({ config: { METRICS_TOKEN: token } });
    org = await createOrganization(app, 'Metrics Air');
    key = (await createKey(app, [org.id], ['READ', 'INGEST'])).secret;
  }, 60_000);
  afterAll(() => app?.close());

  it('counts GraphQL operations by name, their errors by code and HTTP requests by route and status', async () => {
    const before = await samples();
    for (let i = 0; i < 3; i += 1) await app.ok('query MetricsViewer { viewer { id } }', {}, key);
    await app.ok('{ viewer { id } }', {}, key);
    const badRange = await app.gql(
      'query MetricsBadRange($org: ID!) { kpis(scope: { organizationId: $org }, range: { from: "2026-11-20T00:00:00Z", to: "2026-11-01T00:00:00Z" }) { volume } }',
      { org: org.id },
      key,
    );
    expect(badRange.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await app.gql('query MetricsSyntax { viewer { id ', {}, key)).status).toBe(400);
    expect((await app.gql('query MetricsNoKey { viewer { id } }', {}, 'crk_00000000000000000000000000000000_nope')).status).toBe(401);
    const after = await samples();

    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(delta('crisis_graphql_operations_total', { operation: 'MetricsViewer', type: 'query', outcome: 'success' })).toBe(3);
    expect(delta('crisis_graphql_operation_duration_seconds_count', { operation: 'MetricsViewer', type: 'query' })).toBe(3);
    expect(value(after, 'crisis_graphql_operation_duration_seconds_sum', { operation: 'MetricsViewer' })).toBeGreaterThan(0);
    expect(delta('crisis_graphql_operations_total', { operation: 'anonymous', type: 'query', outcome: 'success' })).toBe(1);
    expect(delta('crisis_graphql_operations_total', { operation: 'MetricsBadRange', type: 'query', outcome: 'error' })).toBe(1);
    // a syntax error never reaches an operation; a refused key never reaches GraphQL at all
    expect(delta('crisis_graphql_operations_total', { operation: 'unresolved', outcome: 'error' })).toBe(1);
    expect(value(after, 'crisis_graphql_operations_total', { operation: 'MetricsNoKey' })).toBe(0);
    expect(delta('crisis_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(2);
    expect(delta('crisis_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);

    expect(delta('crisis_http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBe(4);
    expect(delta('crisis_http_requests_total', { method: 'POST', route: '/graphql', status: '400' })).toBe(2);
    expect(delta('crisis_http_requests_total', { method: 'POST', route: '/graphql', status: '401' })).toBe(1);
    expect(delta('crisis_http_request_duration_seconds_count', { method: 'POST', route: '/graphql' })).toBe(7);
    // the scrape before this one was answered too
    expect(delta('crisis_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
  });

  it('labels paths that match no route as one series, not one per path', async () => {
    const before = await samples();
    for (const path of ['/nothing-here', '/nothing-here-either?x=1']) expect((await fetch(app.url.replace(/\/graphql$/, path))).status).toBe(404);
    const after = await samples();
    expect(value(after, 'crisis_http_requests_total', { route: 'unmatched', status: '404' }) - value(before, 'crisis_http_requests_total', { route: 'unmatched', status: '404' })).toBe(2);
    expect(after.some((sample) => sample.labels.route?.includes('nothing-here'))).toBe(false);
  });

  it('counts ingested mentions by outcome, including calls that store nothing', async () => {
    const before = await samples();
    const first = await app.ok(INGEST, { org: org.id, mentions: [mention('m-1'), mention('m-2'), mention('m-3'), mention('m-bad', { sentiment: 7 })] }, key);
    expect(first.ingestMentions).toMatchObject({ inserted: 3, rejected: 1 });
    const second = await app.ok(INGEST, { org: org.id, mentions: [mention('m-1', { sentiment: 0.5 }), mention('m-2'), mention('m-2')] }, key);
    expect(second.ingestMentions).toMatchObject({ updated: 1, unchanged: 1, duplicates: 1 });
    const rejectedOnly = await app.ok(INGEST, { org: org.id, mentions: [mention('m-bad-1', { sentiment: 9 }), mention('m-bad-2', { postedAt: '2999-01-01T00:00:00Z' })] }, key);
    expect(rejectedOnly.ingestMentions).toMatchObject({ inserted: 0, rejected: 2 });
    const after = await samples();

    const delta = (labels: Record<string, string>) => value(after, 'crisis_ingest_mentions_total', labels) - value(before, 'crisis_ingest_mentions_total', labels);
    expect(delta({ outcome: 'inserted' })).toBe(3);
    expect(delta({ outcome: 'updated' })).toBe(1);
    expect(delta({ outcome: 'unchanged' })).toBe(1);
    expect(delta({ outcome: 'duplicates' })).toBe(1);
    expect(delta({ outcome: 'rejected' })).toBe(3);
    expect(value(after, 'crisis_ingest_batches_total') - value(before, 'crisis_ingest_batches_total')).toBe(3);
  });

  it('reports live subscriptions, the database pool and the process', async () => {
    const client: Client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } });
    const received: unknown[] = [];
    const firstValue = new Promise<void>((resolve, reject) =>
      client.subscribe({ query: VOLUME, variables: { org: org.id } }, { next: (message) => (received.push(message), resolve()), error: reject, complete: () => undefined }),
    );
    try {
      await firstValue;
      const open = await samples();
      expect(value(open, 'crisis_live_subscribers')).toBe(1);
      expect(value(open, 'crisis_live_topics')).toBe(1);
      expect(value(open, 'crisis_live_connections')).toBe(1);
      expect(value(open, 'crisis_live_computations_total')).toBeGreaterThanOrEqual(1);
    } finally {
      await client.dispose();
    }
    await expect.poll(async () => value(await samples(), 'crisis_live_subscribers'), { timeout: 10_000 }).toBe(0);

    const now = await samples();
    expect(value(now, 'crisis_db_pool_max_clients')).toBe(5); // the test app's pool
    expect(value(now, 'crisis_db_pool_clients')).toBeGreaterThanOrEqual(1);
    expect(value(now, 'crisis_db_pool_clients')).toBeLessThanOrEqual(5);
    expect(value(now, 'crisis_db_pool_idle_clients')).toBeLessThanOrEqual(value(now, 'crisis_db_pool_clients'));
    expect(now.some((sample) => sample.name === 'crisis_db_pool_waiting_requests')).toBe(true);
    expect(value(now, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(value(now, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(now.some((sample) => sample.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('keeps operation names to [A-Za-z0-9_], 64 characters and 100 distinct values, then counts the rest as other', async () => {
    const long = `Q${'x'.repeat(99)}`;
    await app.ok(`query ${long} { __typename }`, {}, key);
    for (let i = 0; i < 100; i += 1) await app.ok(`query MetricsName${i} { __typename }`, {}, key);
    const after = await samples();
    const names = new Set(after.filter((sample) => sample.name === 'crisis_graphql_operations_total').map((sample) => sample.labels.operation!));
    expect(names.has(long.slice(0, 64))).toBe(true);
    expect(names.has(long)).toBe(false);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_]{1,64}$/);
    // 100 names, plus the labels that are not names
    expect([...names].filter((name) => !['anonymous', 'unresolved', 'other'].includes(name))).toHaveLength(100);
    expect(value(after, 'crisis_graphql_operations_total', { operation: 'other' })).toBeGreaterThan(0);
    expect(names.has('MetricsName99')).toBe(false);
  });

  it('puts no key, organization id or organization name into the output', async () => {
    const text = await (await scrape()).text();
    for (const secret of [key, app.adminKey, token, org.id, org.slug, 'Metrics Air']) expect(text).not.toContain(secret);
  });

  it('refuses without a key (401), with a wrong one (401) and with a key that is not the admin key (403)', async () => {
    const missing = await scrape(null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await scrape('Bearer not-the-token-and-not-a-key-0123456789')).status).toBe(401);
    expect((await scrape(`Bearer ${token}x`)).status).toBe(401);
    const reader = await scrape(`Bearer ${key}`);
    expect(reader.status).toBe(403);
    expect(((await reader.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('serves the Prometheus text format to METRICS_TOKEN and to the admin key', async () => {
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`, `Bearer ${app.adminKey}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      expect(parse(await response.text()).some((sample) => sample.name === 'crisis_http_requests_total')).toBe(true);
    }
  });

  it('keeps each app instance in its own registry', async () => {
    const second = await startTestApp({ sameDatabaseAs: app });
    try {
      await second.ok('query MetricsSecond { viewer { id } }', {}, key);
      expect(value(await samples(second), 'crisis_graphql_operations_total', { operation: 'MetricsSecond' })).toBe(1);
      expect(value(await samples(second), 'crisis_graphql_operations_total', { operation: 'MetricsViewer' })).toBe(0);
      expect(value(await samples(), 'crisis_graphql_operations_total', { operation: 'MetricsSecond' })).toBe(0);
      // without METRICS_TOKEN configured, a token is just a wrong key
      expect((await fetch(second.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('refuses a METRICS_TOKEN that is short or has spaces, naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 24 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'a token with spaces in it, long enough' })).toThrow(/METRICS_TOKEN: must not contain spaces/);
  });
});
