import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKey, createOrganization } from '../support/factory';
import { REDIS_URL, redisReachable } from '../support/redis';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

const LIMIT = 6;

function expectRateLimited(response: GraphQLResponse): void {
  expect(response.status).toBe(429);
  expect(response.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect(response.body.errors?.[0]?.message).toContain('RATE_LIMIT_PER_MINUTE');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** Spends a key's budget on cheap requests; each must succeed. */
async function spend(app: TestApp, key: string, requests: number): Promise<void> {
  for (let index = 0; index < requests; index += 1) {
    const response = await app.gql('{ viewer { id } }', {}, key);
    expect(response.status).toBe(200);
  }
}

describe('rate limits per API key, shared through PostgreSQL', () => {
  let first: TestApp;
  let second: TestApp;
  let org: string;

  beforeAll(async () => {
    first = await startTestApp({ config: { RATE_LIMIT_PER_MINUTE: LIMIT } });
    second = await startTestApp({ sameDatabaseAs: first, config: { RATE_LIMIT_PER_MINUTE: LIMIT } });
    org = (await createOrganization(first, 'Limited Org')).id;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('answers RATE_LIMITED with Retry-After once a key has spent its minute, on every instance', async () => {
    const key = (await createKey(second, [org], ['READ'])).secret;
    await spend(first, key, LIMIT / 2);
    await spend(second, key, LIMIT / 2);
    expectRateLimited(await first.gql('{ viewer { id } }', {}, key));
    expectRateLimited(await second.gql('{ viewer { id } }', {}, key));
    // another key of the same organization has its own budget
    const other = (await createKey(first, [org], ['READ'], second.adminKey)).secret;
    expect((await first.gql('{ viewer { id } }', {}, other)).status).toBe(200);
  });

  it('lets a key whose budget is spent keep connecting dashboards over WebSocket', async () => {
    const key = (await createKey(first, [org], ['READ'], second.adminKey)).secret;
    await spend(first, key, LIMIT);
    expectRateLimited(await first.gql('{ viewer { id } }', {}, key));
    const client = createClient({ url: first.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } });
    try {
      const first$ = await new Promise<any>((resolve, reject) => {
        client.subscribe({ query: 'subscription ($org: ID!) { volumeChanged(organizationId: $org) { volume } }', variables: { org } }, { next: resolve, error: reject, complete: () => reject(new Error('completed')) });
      });
      expect(first$.data.volumeChanged.volume).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('limits the CSV export with the same budget', async () => {
    const key = (await createKey(first, [org], ['READ'], second.adminKey)).secret;
    await spend(first, key, LIMIT);
    const url = new URL('/export/kpi-table.csv', first.url);
    url.search = new URLSearchParams({ organizationId: org, from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', groupBy: 'PLATFORM', metrics: 'VOLUME' }).toString();
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('counts requests with a wrong key against the client address, which slows key guessing', async () => {
    const guesses = [];
    for (let index = 0; index < LIMIT + 2; index += 1) guesses.push(await second.gql('{ viewer { id } }', {}, `crk_${'x'.repeat(40)}${index}`));
    expect(guesses.slice(0, LIMIT).every((response) => response.status === 401)).toBe(true);
    expectRateLimited(guesses[LIMIT]!);
  });
});

describe(`rate limits shared through Redis (TEST_REDIS_URL, default ${REDIS_URL})`, () => {
  let first: TestApp;
  let second: TestApp;
  let reachable = false;

  beforeAll(async () => {
    reachable = await redisReachable();
    if (!reachable) return;
    first = await startTestApp({ redisUrl: REDIS_URL, config: { RATE_LIMIT_PER_MINUTE: LIMIT } });
    second = await startTestApp({ sameDatabaseAs: first, redisUrl: REDIS_URL, config: { RATE_LIMIT_PER_MINUTE: LIMIT } });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('shares one budget per key between instances', async (context) => {
    if (!reachable) context.skip(`no Redis at ${REDIS_URL}`);
    const org = (await createOrganization(first, 'Redis Limited Org')).id;
    const key = (await createKey(second, [org], ['READ'])).secret;
    await spend(first, key, LIMIT / 2);
    await spend(second, key, LIMIT / 2);
    expectRateLimited(await first.gql('{ viewer { id } }', {}, key));
    const rows: unknown[] = await first.dataSource.query('SELECT 1 FROM rate_limits');
    expect(rows).toHaveLength(0);
  });
});
