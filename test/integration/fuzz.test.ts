import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

// a fixed default keeps CI repeatable; FUZZ_SEED=<n> explores other inputs (or replays a failure); the runs
// add up to 10,000 requests
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124);
const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
const typeNames = Object.values(schema.getTypeMap()).filter(isObjectType).map((type) => type.name).filter((name) => !name.startsWith('__'));
const fieldNames = [
  ...new Set(
    Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.keys(type.getFields())),
  ),
];
const argNames = [...new Set(Object.values(schema.getQueryType()!.getFields()).flatMap((field) => field.args.map((arg) => arg.name))), 'organizationId', 'first', 'after'];
const enumValues = ['VOLUME', 'HOUR', 'MINUTE', 'MONTH', 'TWITTER', 'NEGATIVE', 'ZERO', 'TIME', 'PLATFORM', 'REACH', 'nope'];

/** Odd scalars: wrong types, huge and tiny numbers, unicode, nulls, escapes. */
const weirdScalar = fc.oneof(
  fc.integer(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -0, 0.1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '𝕏💥', '"; DROP TABLE mentions; --', '../../etc/passwd', '2026-11-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', 'Asia/Kathmandu', '00000000-0000-4000-8000-000000000000'),
  fc.boolean(),
  fc.constant(null),
);

function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key}: ${literal(inner)}`).join(', ')} }`;
  return 'null';
}

const argValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    weirdScalar.map(literal),
    fc.constantFrom(...enumValues),
    fc.constantFrom('$var', '$range', '$x'),
    fc.array(tie('value'), { maxLength: 4 }).map((values) => `[${values.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom(...argNames, 'from', 'to', 'platforms'), tie('value')), { maxLength: 4 }).map((pairs) => `{ ${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')} }`),
  ),
})).value;

const args = fc.array(fc.tuple(fc.constantFrom(...argNames), argValue), { maxLength: 3 }).map((pairs) => (pairs.length ? `(${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')})` : ''));

const selection: fc.Arbitrary<string> = fc.letrec<{ set: string }>((tie) => ({
  set: fc
    .array(
      fc.oneof(
        { depthSize: 'small' },
        fc.tuple(fc.option(fc.constantFrom('a', 'b', '__schema', 'x1'), { nil: undefined }), fc.constantFrom(...fieldNames, '__typename', 'bogus'), args, fc.option(tie('set'), { nil: undefined })).map(
          ([alias, name, argText, inner]) => `${alias ? `${alias}: ` : ''}${name}${argText}${inner ? ` ${inner}` : ''}`,
        ),
        fc.tuple(fc.constantFrom(...typeNames), tie('set')).map(([type, inner]) => `... on ${type} ${inner}`),
        fc.constantFrom('...F', '...G', '@include(if: true)', '@skip(if: $var)', '}', '{', '(', '"unterminated'),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) => `{ ${items.join(' ')} }`),
})).set;

const documentText = fc
  .tuple(
    fc.constantFrom('', 'query', 'query Q', 'mutation', 'subscription', 'query __schema', 'query ($var: Boolean, $range: TimeRangeInput)', 'query ($x: Int!)'),
    selection,
    fc.option(fc.tuple(fc.constantFrom('F', 'G'), fc.constantFrom(...typeNames), selection), { nil: undefined }),
  )
  .map(([head, body, fragment]) => `${head} ${body}${fragment ? ` fragment ${fragment[0]} on ${fragment[1]} ${fragment[2]}` : ''}`);

const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    weirdScalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom(...argNames, 'from', 'to', 'text', 'platform', 'externalId', 'postedAt', 'author', 'handle', 'clé 💥'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Real operations whose variables are fuzzed. */
const OPERATIONS = [
  'query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { volume averageSentiment } }',
  'query ($scope: ScopeInput!, $range: TimeRangeInput!, $granularity: Granularity!, $metrics: [Metric!]!, $timezone: String, $fill: GapFill) { timeSeries(scope: $scope, range: $range, granularity: $granularity, metrics: $metrics, timezone: $timezone, fill: $fill) { points { bucket volume } } }',
  'query ($filter: MentionFilter!, $first: Int, $after: String) { mentions(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id text } } } }',
  'mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted rejected errors { index field message } } }',
  'query ($q: String!, $first: Int) { searchInfluencers(query: $q, first: $first) { handle } }',
  'query ($id: ID!, $days: Int) { reputationDelta(incidentId: $id, baselineDays: $days) { recovered } }',
];

describe('fuzzing the HTTP API (fast-check)', () => {
  let app: TestApp;
  let org: string;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    app = await startTestApp();
    org = (await createOrganization(app, 'Fuzzed Org')).id;
  });
  afterAll(() => app.close());

  async function post(body: string, contentType = 'application/json'): Promise<void> {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${app.adminKey}` }, body });
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const text = await response.text();
    if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${body.slice(0, 300)}: ${text.slice(0, 300)}`);
    // every answer is GraphQL-shaped JSON, so clients can read the error
    const parsed = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    if (!('data' in parsed) && !parsed.errors?.length) throw new Error(`neither data nor errors for ${body.slice(0, 300)}: ${text.slice(0, 300)}`);
    if (parsed.errors?.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) throw new Error(`masked internal error for ${body.slice(0, 300)}`);
  }

  it('random documents never get a 5xx or an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(documentText, fc.option(jsonish, { nil: undefined }), async (query, variables) => post(JSON.stringify({ query, variables: { var: true, ...(variables as object) } }))),
      { numRuns: 4_000, seed: SEED },
    );
  }, 240_000);

  it('real operations with random variables never get a 5xx or an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.dictionary(fc.constantFrom('scope', 'range', 'granularity', 'metrics', 'timezone', 'fill', 'filter', 'first', 'after', 'org', 'mentions', 'q', 'id', 'days'), jsonish, { maxKeys: 6 }),
        fc.boolean(),
        async (query, variables, realOrg) => {
          const withOrg = realOrg ? { ...variables, org, scope: { organizationId: org, ...(typeof variables.scope === 'object' ? variables.scope : {}) } } : variables;
          await post(JSON.stringify({ query, variables: withOrg }));
        },
      ),
      { numRuns: 3_000, seed: SEED },
    );
  }, 240_000);

  it('random JSON bodies and content types never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonish.map((value) => JSON.stringify(value)),
          fc.dictionary(fc.constantFrom('query', 'variables', 'operationName', 'extensions'), jsonish).map((value) => JSON.stringify(value)),
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
        async (body, contentType) => {
          const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${app.adminKey}`, 'apollo-require-preflight': 'true' }, body });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${contentType} ${body.slice(0, 200)}: ${(await response.text()).slice(0, 300)}`);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 3_000, seed: SEED },
    );
  }, 240_000);

  it('still answers afterwards, having mostly refused the noise with 4xx', async () => {
    expect((await app.ok('{ viewer { isAdmin } }')).viewer.isAdmin).toBe(true);
    expect((await fetch(app.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(total / 4);
  });
});
