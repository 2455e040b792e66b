import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createOrganization } from '../support/factory';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

const ORG = '00000000-0000-4000-8000-000000000000';

/** `mentions { edges { node { inReplyTo … { id } } } }`: depth 4 + replies. */
function replyChain(replies: number): string {
  return `mentions(filter: { organizationId: "${ORG}" }) { edges { node { ${'inReplyTo { '.repeat(replies)}id${' }'.repeat(replies)} } } }`;
}

function expectLimit(response: GraphQLResponse, variable: string): void {
  expect(response.status).toBe(400);
  expect(response.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(response.body.errors?.[0]?.message).toContain(variable);
  expect(response.body.data ?? null).toBeNull();
}

describe('request limits', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      config: {
        MAX_QUERY_DEPTH: 8,
        MAX_ALIASES: 5,
        MAX_DIRECTIVES: 4,
        MAX_QUERY_NODES: 300,
        MAX_QUERY_TOKENS: 2_000,
        MAX_QUERY_COST: 20_000,
        MAX_PAGE_SIZE: 10,
        MAX_INGEST_BATCH: 3,
      },
    });
  });
  afterAll(() => app.close());

  it('answers a query at the depth limit and refuses one level deeper', async () => {
    const atLimit = await app.gql(`{ ${replyChain(4)} }`);
    expect(atLimit.body.errors).toBeUndefined();
    expectLimit(await app.gql(`{ ${replyChain(5)} }`), 'MAX_QUERY_DEPTH');
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `
      query { mentions(filter: { organizationId: "${ORG}" }) { edges { node { ...Deep } } } }
      fragment Deep on Mention { inReplyTo { ... on Mention { inReplyTo { ...Deeper } } } }
      fragment Deeper on Mention { sharedFrom { inReplyTo { sharedFrom { id } } } }`;
    expectLimit(await app.gql(query), 'MAX_QUERY_DEPTH');
  });

  it('measures operations, fragments and aliases named __schema like any other', async () => {
    expectLimit(await app.gql(`query __schema { ${replyChain(5)} }`), 'MAX_QUERY_DEPTH');
    const fragment = `{ mentions(filter: { organizationId: "${ORG}" }) { edges { node { ...__schema } } } }
      fragment __schema on Mention { inReplyTo { inReplyTo { inReplyTo { inReplyTo { inReplyTo { id } } } } } }`;
    expectLimit(await app.gql(fragment), 'MAX_QUERY_DEPTH');
    expectLimit(await app.gql(`{ __schema: ${replyChain(5)} }`), 'MAX_QUERY_DEPTH');
  });

  it('refuses recursive fragments as a request error, and keeps answering', async () => {
    const response = await app.gql(`{ mentions(filter: { organizationId: "${ORG}" }) { edges { node { ...A } } } }
      fragment A on Mention { inReplyTo { ...B } }
      fragment B on Mention { sharedFrom { ...A } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.message).join(' ')).toMatch(/Cannot spread fragment "A" within itself/);
    expect((await app.ok('{ viewer { isAdmin } }')).viewer.isAdmin).toBe(true);
  });

  it('counts aliases, also where a fragment with aliases is spread several times', async () => {
    expect((await app.gql('{ a: viewer { id } b: viewer { id } c: viewer { id } d: viewer { id } e: viewer { id } }')).body.errors).toBeUndefined();
    expectLimit(await app.gql('{ a: viewer { id } b: viewer { id } c: viewer { id } d: viewer { id } e: viewer { id } f: viewer { id } }'), 'MAX_ALIASES');
    expectLimit(await app.gql('{ viewer { ...Two } other: viewer { ...Two } more: viewer { ...Two } } fragment Two on Viewer { x: id y: name }'), 'MAX_ALIASES');
  });

  it('counts directives, including on fragment definitions and spreads', async () => {
    expect((await app.gql('{ viewer { id @include(if: true) name @skip(if: false) } }')).body.errors).toBeUndefined();
    expectLimit(await app.gql('{ viewer { id @include(if: true) @skip(if: false) name @include(if: true) @skip(if: false) isAdmin @include(if: true) } }'), 'MAX_DIRECTIVES');
    expectLimit(
      await app.gql('{ viewer { ...F @include(if: true) } again: viewer { ...F @include(if: true) } } fragment F on Viewer { id @skip(if: false) name @skip(if: false) }'),
      'MAX_DIRECTIVES',
    );
  });

  it('bounds how far fragments may multiply (a fragment "bomb")', async () => {
    const levels = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'];
    const fragments = levels
      .map((name, index) => `fragment ${name} on Viewer { ${index === levels.length - 1 ? 'id name' : `...${levels[index + 1]} ...${levels[index + 1]}`} }`)
      .join('\n');
    expectLimit(await app.gql(`{ viewer { ...L0 } }\n${fragments}`), 'MAX_QUERY_NODES');
  });

  it('refuses a document with too many tokens before parsing it all', async () => {
    const fields = Array.from({ length: 2_100 }, () => 'id').join(' ');
    expectLimit(await app.gql(`{ viewer { ${fields} } }`), 'MAX_QUERY_TOKENS');
  });

  it('prices lists by their size: pages, nested connections, buckets, table rows', async () => {
    const org = await createOrganization(app, 'Limits Org');
    const scope = `scope: { organizationId: "${org.id}" }`;
    const cheap = await app.gql(`{ organizations(first: 10) { edges { node { incidents(first: 10) { totalCount } } } } }`);
    expect(cheap.body.errors).toBeUndefined();
    const nested = await app.gql(`{ organizations(first: 500) { edges { node { incidents(first: 500) { totalCount } } } } }`);
    expectLimit(nested, 'MAX_QUERY_COST');
    expect(nested.body.errors?.[0]?.message).toMatch(/cost [\d,]+ points/);

    const hourlyMonth = `timeSeries(${scope}, range: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }, granularity: HOUR, metrics: [VOLUME]) { points { bucket volume } }`;
    expect((await app.gql(`{ ${hourlyMonth} }`)).body.errors).toBeUndefined();
    const minutely = `timeSeries(${scope}, range: { from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }, granularity: MINUTE, metrics: [VOLUME]) { points { bucket volume } }`;
    expectLimit(await app.gql(`{ ${minutely} }`), 'MAX_QUERY_COST');
    // the range may come in variables, and is priced the same
    const viaVariables = await app.gql(
      `query ($range: TimeRangeInput!) { timeSeries(${scope}, range: $range, granularity: MINUTE, metrics: [VOLUME]) { points { bucket volume } } }`,
      { range: { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' } },
    );
    expectLimit(viaVariables, 'MAX_QUERY_COST');
    const table = `kpiTable(${scope}, range: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }, groupBy: [PLATFORM], metrics: [VOLUME], first: 10000) { rows { platform volume } }`;
    expectLimit(await app.gql(`{ ${table} }`), 'MAX_QUERY_COST');
  });

  it('holds pages and ingest batches to the configured sizes, storing nothing from a batch too large', async () => {
    const org = await createOrganization(app, 'Sizes Org');
    expect((await app.gql('{ organizations(first: 10) { edges { node { id } } } }')).body.errors).toBeUndefined();
    const page = await app.gql('{ organizations(first: 11) { edges { node { id } } } }');
    expect(page.status).toBe(400);
    expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(page.body.errors?.[0]?.message).toContain('between 1 and 10');
    const ranking = await app.gql(`{ influencers(organizationId: "${org.id}", first: 11) { mentions } }`);
    expect(ranking.body.errors?.[0]?.message).toContain('between 1 and 10');

    const ingest = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { inserted } }`;
    const mention = (externalId: string) => ({ platform: 'TWITTER', externalId, text: 'Delayed again', postedAt: '2026-11-10T08:00:00Z', author: { handle: 'sizes' } });
    const tooMany = await app.gql(ingest, { org: org.id, mentions: ['a', 'b', 'c', 'd'].map(mention) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentions' });
    expect(tooMany.body.errors?.[0]?.message).toContain('at most 3 per call (got 4)');
    const stored = await app.dataSource.query('SELECT count(*)::int AS n FROM mentions WHERE organization_id = $1', [org.id]);
    expect(stored[0].n).toBe(0);
    expect((await app.ok(ingest, { org: org.id, mentions: ['a', 'b', 'c'].map(mention) })).ingestMentions.inserted).toBe(3);

    const metrics = `mutation ($org: ID!, $observations: [MetricObservationInput!]!) { recordMetrics(organizationId: $org, observations: $observations) { accepted } }`;
    const observation = (day: number) => ({ key: 'SALES', observedAt: `2026-11-0${day}T00:00:00Z`, value: day });
    const tooManyObservations = await app.gql(metrics, { org: org.id, observations: [1, 2, 3, 4].map(observation) });
    expect(tooManyObservations.body.errors?.[0]?.message).toContain('at most 3 per call (got 4)');
  });

  it('applies the same limits to subscriptions over WebSocket', async () => {
    const client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${app.adminKey}` } });
    try {
      const deep = `subscription { mentionAdded(organizationId: "${ORG}") { ${'inReplyTo { '.repeat(8)}id${' }'.repeat(8)} } }`;
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: deep }, { next: resolve, error: resolve, complete: () => resolve('completed') });
      });
      expect(JSON.stringify(outcome)).toContain('MAX_QUERY_DEPTH');
      // graphql-js throws while validating this one; the client gets an error and the socket stays usable
      const skipped = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription ($v: Boolean!) { alertRaised(organizationId: "x") @skip(if: $v) { id } }', variables: { v: false } }, { next: resolve, error: resolve, complete: () => resolve('completed') });
      });
      expect(JSON.stringify(skipped)).toContain('runtime value');
      const again = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: deep }, { next: resolve, error: resolve, complete: () => resolve('completed') });
      });
      expect(JSON.stringify(again)).toContain('MAX_QUERY_DEPTH');
      // queries would dodge the cost limit and per-request rate limits there: they belong to HTTP
      const query = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: '{ organizations(first: 500) { edges { node { incidents(first: 500) { totalCount } } } } }' }, { next: resolve, error: resolve, complete: () => resolve('completed') });
      });
      expect(JSON.stringify(query)).toContain('Only subscriptions are served over WebSocket');
    } finally {
      await client.dispose();
    }
  });
});

describe('request limits at their defaults', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('let the standard introspection query (GraphiQL, codegen) through, while a deeper data query is refused', async () => {
    const introspection = await app.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }));
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data?.__schema?.queryType?.name).toBe('Query');
    expectLimit(await app.gql(`{ ${replyChain(12)} }`), 'MAX_QUERY_DEPTH');
  });
});
