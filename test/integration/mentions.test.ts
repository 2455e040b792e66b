import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident, createKey, createOrganization, insertMentions, type MentionSeed } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

/** A seeded mention as the test knows it, to compute every expected list without asking the API. */
interface Row {
  id: string;
  organizationId: string;
  incidentId: string | null;
  platform: string;
  handle: string;
  text: string;
  language: string;
  postedAt: number;
  sentiment: number;
  label: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';
  reach: number;
  engagement: number;
  owned: boolean;
}

const ORDERS = {
  POSTED_AT_DESC: (r: Row) => r.postedAt,
  POSTED_AT_ASC: (r: Row) => r.postedAt,
  REACH_DESC: (r: Row) => r.reach,
  REACH_ASC: (r: Row) => r.reach,
  ENGAGEMENT_DESC: (r: Row) => r.engagement,
  ENGAGEMENT_ASC: (r: Row) => r.engagement,
  SENTIMENT_ASC: (r: Row) => r.sentiment,
  SENTIMENT_DESC: (r: Row) => r.sentiment,
} as const;
type Order = keyof typeof ORDERS;

/** The documented order: the sort key, ties broken by id in the same direction (uuids compare as their hex text). */
function sorted(rows: readonly Row[], order: Order): string[] {
  const key = ORDERS[order];
  const sign = order.endsWith('_DESC') ? -1 : 1;
  return [...rows]
    .sort((a, b) => sign * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((r) => r.id);
}

function labelOf(sentiment: number): Row['label'] {
  return sentiment >= 0.05 ? 'POSITIVE' : sentiment <= -0.05 ? 'NEGATIVE' : 'NEUTRAL';
}

/** A READ key; the factory's createKey names keys after all their organization ids, too long for six. */
async function createReadKey(app: TestApp, organizationIds: string[]): Promise<{ id: string; secret: string }> {
  const data = await app.ok(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
    { input: { name: `reader of ${organizationIds.length}`, organizationIds, scopes: ['READ'] } },
  );
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

async function seed(app: TestApp, organizationId: string, seeds: MentionSeed[]): Promise<Row[]> {
  const ids = await insertMentions(app.dataSource, organizationId, seeds);
  return seeds.map((s, index) => {
    const likes = s.likes ?? 0;
    const shares = s.shares ?? 0;
    const comments = s.comments ?? 0;
    return {
      id: ids[index]!,
      organizationId,
      incidentId: s.incidentId ?? null,
      platform: s.platform ?? 'TWITTER',
      handle: s.author?.handle ?? 'someone',
      text: s.text ?? `mention ${s.externalId}`,
      language: s.language ?? 'en',
      postedAt: Date.parse(s.postedAt),
      sentiment: s.sentiment ?? 0,
      label: labelOf(s.sentiment ?? 0),
      reach: s.reach ?? 0,
      engagement: likes + shares + comments,
      owned: s.owned ?? false,
    };
  });
}

const BASE = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// `%`, `_` and `\` are LIKE metacharacters: "50%", "n_t" and "C:\f" must match literally, not as patterns
const TEXTS = [
  'Flight delayed AGAIN',
  'Refund is 50% of the fare',
  'Got 500 miles back',
  'on_time arrival today',
  'onXtime? never',
  'Fares at C:\\fares\\refund',
  'great crew, thanks',
  'lost my luggage',
];
const AUTHORS = [
  { platform: 'TWITTER', handle: 'JetFan', owned: false },
  { platform: 'REDDIT', handle: 'jetfan', owned: false }, // same handle on another platform: another author
  { platform: 'NEWS', handle: 'NewsDesk', owned: false },
  { platform: 'TWITTER', handle: 'AcmeAir', owned: true },
  { platform: 'FACEBOOK', handle: 'grumpy_flyer', owned: false },
  { platform: 'INSTAGRAM', handle: 'Traveller99', owned: false },
  { platform: 'TWITTER', handle: 'someone_else', owned: false },
];
const SENTIMENTS = [-0.9, -0.5, -0.05, -0.04, 0, 0.04, 0.05, 0.5, 0.9];
const REACHES = [0, 100, 100, 2500, 10_000, 99, 50_000];
const LANGUAGES = ['en', 'en', 'id', 'de', 'en'];

/** Many ties on every sort key (timestamps, reach, engagement, sentiment), so the id tie-break matters. */
function acmeSeeds(incidents: [string, string]): MentionSeed[] {
  return Array.from({ length: 48 }, (_, i) => {
    const author = AUTHORS[i % AUTHORS.length]!;
    return {
      platform: author.platform,
      externalId: `acme-${i}`,
      text: `${TEXTS[i % TEXTS.length]} #${i}`,
      postedAt: iso(BASE + (i % 16) * 3 * HOUR),
      author: { handle: author.handle, followers: 1000 },
      owned: author.owned,
      sentiment: SENTIMENTS[i % SENTIMENTS.length]!,
      reach: REACHES[i % REACHES.length]!,
      likes: i % 5,
      shares: (i * 3) % 4,
      comments: (i * 7) % 3,
      language: LANGUAGES[i % LANGUAGES.length]!,
      incidentId: i % 3 === 0 ? incidents[0] : i % 3 === 1 ? incidents[1] : null,
    };
  });
}

const LIST = `query ($filter: MentionFilter!, $first: Int, $after: String, $orderBy: MentionOrder) {
  mentions(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    edges { cursor node { id organizationId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('mentions', () => {
  let app: TestApp;
  let acme: string;
  let rival: string;
  let incidentIds: [string, string];
  let acmeRows: Row[];
  let rivalRows: Row[];
  let acmeKey: string;

  beforeAll(async () => {
    app = await startTestApp();
    acme = (await createOrganization(app, 'Acme Air', { handles: [{ platform: 'TWITTER', handle: '@AcmeAir' }] })).id;
    rival = (await createOrganization(app, 'Rival Air')).id;
    incidentIds = [
      await createIncident(app, acme, { title: 'Outage', startedAt: iso(BASE) }),
      await createIncident(app, acme, { title: 'Data leak', startedAt: iso(BASE + 12 * HOUR) }),
    ];
    acmeRows = await seed(app, acme, acmeSeeds(incidentIds));
    // another tenant's mentions that every filter below would match if the organization were not applied
    rivalRows = await seed(
      app,
      rival,
      TEXTS.map((text, i) => ({
        externalId: `rival-${i}`,
        text,
        postedAt: iso(BASE + i * 3 * HOUR),
        author: { handle: 'JetFan' },
        sentiment: SENTIMENTS[i]!,
        reach: 100_000,
        language: 'en',
      })),
    );
    acmeKey = (await createKey(app, [acme], ['READ'])).secret;
  });
  afterAll(() => app.close());

  async function list(filter: Record<string, unknown>, extra: Record<string, unknown> = {}, key?: string) {
    const data = await app.ok(LIST, { filter: { organizationId: acme, ...filter }, first: 500, ...extra }, key);
    return data.mentions as {
      totalCount: number;
      edges: Array<{ cursor: string; node: { id: string; organizationId: string } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  describe('filters', () => {
    const lower = (s: string) => s.toLowerCase();
    const cases: Array<[string, Record<string, unknown>, (r: Row) => boolean]> = [
      ['incidentId', { incidentId: 'INCIDENT_0' }, (r) => r.incidentId === 'INCIDENT_0'],
      ['platforms', { platforms: ['TWITTER', 'NEWS'] }, (r) => r.platform === 'TWITTER' || r.platform === 'NEWS'],
      ['platforms (one)', { platforms: ['REDDIT'] }, (r) => r.platform === 'REDDIT'],
      ['sentiment POSITIVE (>= 0.05)', { sentiment: 'POSITIVE' }, (r) => r.label === 'POSITIVE'],
      ['sentiment NEUTRAL (the ±0.05 band)', { sentiment: 'NEUTRAL' }, (r) => r.label === 'NEUTRAL'],
      ['sentiment NEGATIVE (<= -0.05)', { sentiment: 'NEGATIVE' }, (r) => r.label === 'NEGATIVE'],
      ['language', { language: 'id' }, (r) => r.language === 'id'],
      ['language in upper case', { language: 'DE' }, (r) => r.language === 'de'],
      ['language with a region, matched on its primary subtag', { language: 'id-ID' }, (r) => r.language === 'id'],
      ['authorHandle, case-insensitive, on every platform', { authorHandle: 'JETFAN' }, (r) => lower(r.handle) === 'jetfan'],
      ['authorHandle with a leading @', { authorHandle: '@jetFAN' }, (r) => lower(r.handle) === 'jetfan'],
      ['authorHandle containing _', { authorHandle: '@Grumpy_Flyer' }, (r) => r.handle === 'grumpy_flyer'],
      ['from (inclusive)', { from: iso(BASE + 30 * HOUR) }, (r) => r.postedAt >= BASE + 30 * HOUR],
      ['to (exclusive)', { to: iso(BASE + 9 * HOUR) }, (r) => r.postedAt < BASE + 9 * HOUR],
      [
        'from and to: half-open [from, to)',
        { from: iso(BASE + 6 * HOUR), to: iso(BASE + 18 * HOUR) },
        (r) => r.postedAt >= BASE + 6 * HOUR && r.postedAt < BASE + 18 * HOUR,
      ],
      [
        'from and to given with an offset',
        { from: '2026-10-01T08:00:00+02:00', to: '2026-10-01T14:00:00+02:00' },
        (r) => r.postedAt >= BASE + 6 * HOUR && r.postedAt < BASE + 12 * HOUR,
      ],
      ['minReach (inclusive)', { minReach: 100 }, (r) => r.reach >= 100],
      ['minReach 0 keeps everything with reach 0', { minReach: 0 }, () => true],
      ['minReach above every reach', { minReach: 1_000_000 }, () => false],
      ['search, case-insensitive substring', { search: 'delayed again' }, (r) => lower(r.text).includes('delayed again')],
      ['search with % taken literally', { search: '50%' }, (r) => r.text.includes('50%')],
      ['search for a lone %', { search: '%' }, (r) => r.text.includes('%')],
      ['search with _ taken literally', { search: 'N_T' }, (r) => lower(r.text).includes('n_t')],
      ['search for a lone _', { search: '_' }, (r) => r.text.includes('_')],
      ['search with \\ taken literally', { search: 'c:\\fares\\' }, (r) => lower(r.text).includes('c:\\fares\\')],
      ['owned: true (the organization’s own posts)', { owned: true }, (r) => r.owned],
      ['owned: false (audience posts)', { owned: false }, (r) => !r.owned],
      [
        'several filters at once (AND)',
        { platforms: ['TWITTER'], sentiment: 'NEGATIVE', minReach: 100, owned: false, from: iso(BASE + 3 * HOUR) },
        (r) => r.platform === 'TWITTER' && r.label === 'NEGATIVE' && r.reach >= 100 && !r.owned && r.postedAt >= BASE + 3 * HOUR,
      ],
    ];

    it.each(cases)('filters by %s', async (_name, rawFilter, rawPredicate) => {
      // incident ids only exist once beforeAll ran
      const filter = JSON.parse(JSON.stringify(rawFilter).replace('INCIDENT_0', incidentIds[0]));
      const predicate = (r: Row) => rawPredicate({ ...r, incidentId: r.incidentId === incidentIds[0] ? 'INCIDENT_0' : r.incidentId });
      const expected = sorted(acmeRows.filter(predicate), 'POSTED_AT_DESC');
      const page = await list(filter);
      expect(page.edges.map((e) => e.node.id)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasNextPage).toBe(false);
      expect(page.edges.every((e) => e.node.organizationId === acme)).toBe(true);
    });

    it('seeds data on which each filter keeps some mentions and drops others', () => {
      // guards the table above: a filter that matches everything or nothing proves little
      for (const [name, , predicate] of cases) {
        if (name.startsWith('minReach 0') || name.startsWith('minReach above')) continue;
        const matched = acmeRows.filter((r) =>
          predicate({ ...r, incidentId: r.incidentId === incidentIds[0] ? 'INCIDENT_0' : r.incidentId }),
        ).length;
        expect(matched, name).toBeGreaterThan(0);
        expect(matched, name).toBeLessThan(acmeRows.length);
      }
    });

    it('returns the same mentions to a key granted only this organization', async () => {
      const page = await list({ search: 'delayed', platforms: ['TWITTER'] }, {}, acmeKey);
      const expected = sorted(
        acmeRows.filter((r) => r.text.includes('delayed') && r.platform === 'TWITTER'),
        'POSTED_AT_DESC',
      );
      expect(page.edges.map((e) => e.node.id)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    });

    it('answers FORBIDDEN, not the mentions, when the key asks for another organization', async () => {
      const response = await app.gql(LIST, { filter: { organizationId: rival } }, acmeKey);
      expect(response.status).toBe(403);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(response.body)).not.toContain(rivalRows[0]!.id);
    });

    it('returns the mention fields as seeded', async () => {
      const data = await app.ok(
        `query ($filter: MentionFilter!) { mentions(filter: $filter, first: 500) {
           edges { node { id platform text language postedAt sentiment sentimentLabel reach engagement owned incidentId author { handle platform } } } } }`,
        { filter: { organizationId: acme, search: '50%' } },
      );
      const expected = acmeRows.filter((r) => r.text.includes('50%'));
      expect(data.mentions.edges).toHaveLength(expected.length);
      for (const row of expected) {
        expect(data.mentions.edges.find((e: any) => e.node.id === row.id)?.node).toEqual({
          id: row.id,
          platform: row.platform,
          text: row.text,
          language: row.language,
          postedAt: iso(row.postedAt),
          sentiment: row.sentiment,
          sentimentLabel: row.label,
          reach: row.reach,
          engagement: row.engagement,
          owned: row.owned,
          incidentId: row.incidentId,
          author: { handle: row.handle, platform: row.platform },
        });
      }
    });
  });

  describe('ordering and keyset pages', () => {
    async function walk(filter: Record<string, unknown>, orderBy: Order | undefined, first: number) {
      const ids: string[] = [];
      const totals: number[] = [];
      let after: string | null = null;
      for (let pageNo = 0; pageNo < 100; pageNo += 1) {
        const page = await list(filter, { first, after, orderBy });
        expect(page.edges.length).toBeLessThanOrEqual(first);
        totals.push(page.totalCount);
        ids.push(...page.edges.map((e) => e.node.id));
        if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
        if (!page.pageInfo.hasNextPage) return { ids, totals, pages: pageNo + 1 };
        expect(page.edges).toHaveLength(first);
        after = page.pageInfo.endCursor;
      }
      throw new Error('paging did not end after 100 pages');
    }

    const orders = Object.keys(ORDERS) as Order[];

    it.each(orders)('walks every mention exactly once in %s order, ties broken by id', async (order) => {
      const expected = sorted(acmeRows, order);
      const { ids, totals, pages } = await walk({}, order, 7);
      expect(ids).toEqual(expected);
      expect(new Set(ids).size).toBe(acmeRows.length);
      expect(pages).toBe(Math.ceil(acmeRows.length / 7));
      expect(totals.every((total) => total === acmeRows.length)).toBe(true);
    });

    it.each(orders)('walks a filtered list in %s order', async (order) => {
      const filter = { owned: false, minReach: 99 };
      const expected = sorted(
        acmeRows.filter((r) => !r.owned && r.reach >= 99),
        order,
      );
      const { ids, totals } = await walk(filter, order, 5);
      expect(ids).toEqual(expected);
      expect(totals.every((total) => total === expected.length)).toBe(true);
    });

    it('defaults to newest first', async () => {
      const { ids } = await walk({}, undefined, 11);
      expect(ids).toEqual(sorted(acmeRows, 'POSTED_AT_DESC'));
    });

    it('says hasNextPage false on a last page that is exactly full, and gives an empty page after it', async () => {
      expect(acmeRows.length % 8).toBe(0);
      const { ids, pages } = await walk({}, 'REACH_DESC', 8);
      expect(pages).toBe(acmeRows.length / 8);
      expect(ids).toEqual(sorted(acmeRows, 'REACH_DESC'));

      const lastCursor = (await list({}, { orderBy: 'REACH_DESC', first: 500 })).pageInfo.endCursor;
      const beyond = await list({}, { orderBy: 'REACH_DESC', first: 8, after: lastCursor });
      expect(beyond).toEqual({ totalCount: acmeRows.length, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it('resumes right after any edge cursor, not only endCursor', async () => {
      const expected = sorted(acmeRows, 'ENGAGEMENT_ASC');
      const first = await list({}, { orderBy: 'ENGAGEMENT_ASC', first: 10 });
      const next = await list({}, { orderBy: 'ENGAGEMENT_ASC', first: 5, after: first.edges[3]!.cursor });
      expect(next.edges.map((e) => e.node.id)).toEqual(expected.slice(4, 9));
    });
  });

  describe('bad input', () => {
    async function snapshot(): Promise<unknown> {
      return app.dataSource.query(
        `SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM mentions t) AS mentions,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM incidents t) AS incidents,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM organizations t) AS organizations,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM influencers t) AS influencers`,
      );
    }

    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const someId = '00000000-0000-4000-8000-000000000000';

    type Case = [string, () => { query?: string; variables: Record<string, unknown> }, RegExp];
    const withVariables = (variables: Record<string, unknown>) => () => ({
      variables: { first: 10, ...variables, filter: { organizationId: acme, ...(variables.filter as object) } },
    });
    const cases: Case[] = [
      ['first: 100000', withVariables({ first: 100_000 }), /\bfirst\b.*500/],
      ['first: 0', withVariables({ first: 0 }), /\bfirst\b/],
      ['first: -1', withVariables({ first: -1 }), /\bfirst\b/],
      ['an after cursor that is not one', withVariables({ after: 'not a cursor!' }), /\bafter\b/],
      ['an after cursor of garbage base64', withVariables({ after: Buffer.from('{"x":1}').toString('base64url') }), /\bafter\b/],
      ['an after cursor with too few values', withVariables({ after: cursor(['POSTED_AT_DESC', iso(BASE)]) }), /\bafter\b/],
      [
        'an after cursor whose sort value is not a time',
        withVariables({ after: cursor(['POSTED_AT_DESC', 'not a time', someId]) }),
        /\bafter\b/,
      ],
      ['an after cursor whose id is not an id', withVariables({ after: cursor(['POSTED_AT_DESC', iso(BASE), 'nope']) }), /\bafter\b/],
      [
        'an after cursor whose reach is out of range',
        withVariables({ orderBy: 'REACH_DESC', after: cursor(['REACH_DESC', 1e12, someId]) }),
        /\bafter\b/,
      ],
      [
        'an after cursor whose sentiment is text',
        withVariables({ orderBy: 'SENTIMENT_ASC', after: cursor(['SENTIMENT_ASC', 'high', someId]) }),
        /\bafter\b/,
      ],
      [
        'a cursor from another order',
        withVariables({ orderBy: 'REACH_DESC', after: cursor(['POSTED_AT_DESC', iso(BASE), someId]) }),
        /\bafter\b/,
      ],
      ['a malformed organizationId', () => ({ variables: { filter: { organizationId: 'acme' } } }), /filter\.organizationId/],
      ['a malformed incidentId', withVariables({ filter: { incidentId: '42' } }), /filter\.incidentId/],
      ['from equal to to', withVariables({ filter: { from: iso(BASE), to: iso(BASE) } }), /\bfrom\b.*\bto\b/],
      ['from after to', withVariables({ filter: { from: iso(BASE + HOUR), to: iso(BASE) } }), /\bfrom\b.*\bto\b/],
      ['a from that is not a date-time', withVariables({ filter: { from: 'yesterday' } }), /\bfrom\b/],
      ['a negative minReach', withVariables({ filter: { minReach: -1 } }), /filter\.minReach/],
      ['an empty platforms list', withVariables({ filter: { platforms: [] } }), /filter\.platforms/],
      ['a blank search', withVariables({ filter: { search: '   ' } }), /filter\.search/],
      ['a language that is no language code', withVariables({ filter: { language: 'english!' } }), /filter\.language/],
      ['an authorHandle with spaces', withVariables({ filter: { authorHandle: 'jet fan' } }), /filter\.authorHandle/],
      ['an unknown orderBy in variables', withVariables({ orderBy: 'NEWEST' }), /\$orderBy.*NEWEST|NEWEST.*MentionOrder/],
      ['an unknown platform in variables', withVariables({ filter: { platforms: ['MYSPACE'] } }), /platforms.*MYSPACE|MYSPACE.*platforms/],
      ['an unknown sentiment in variables', withVariables({ filter: { sentiment: 'ANGRY' } }), /sentiment.*ANGRY|ANGRY.*sentiment/],
      [
        'an unknown orderBy in a literal',
        () => ({ query: `query ($id: ID!) { mentions(filter: { organizationId: $id }, orderBy: NEWEST) { totalCount } }`, variables: { id: acme } }),
        /NEWEST.*MentionOrder/,
      ],
      [
        'an unknown platform in a literal',
        () => ({
          query: `query ($id: ID!) { mentions(filter: { organizationId: $id, platforms: [MYSPACE] }) { totalCount } }`,
          variables: { id: acme },
        }),
        /MYSPACE.*Platform/,
      ],
      [
        'a first that is not an integer',
        () => ({ query: `query ($id: ID!) { mentions(filter: { organizationId: $id }, first: 1.5) { totalCount } }`, variables: { id: acme } }),
        /Int.*1\.5|1\.5.*Int/,
      ],
    ];

    it.each(cases)('rejects %s with a 4xx BAD_USER_INPUT that names the field, and changes nothing', async (_name, make, field) => {
      const before = await snapshot();
      const { query, variables } = make();
      const response = await app.gql(query ?? LIST, variables);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const [error] = response.body.errors ?? [];
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(field);
      expect(response.body.data?.mentions ?? null).toBeNull();
      expect(await snapshot()).toEqual(before);
    });

    it('rejects altered cursors of the organization and incident lists that carry mentions, too', async () => {
      const cases = [
        [`{ organizations(after: "${cursor(['name', 7, someId])}") { totalCount } }`, {}],
        [
          `query ($id: ID!) { organization(id: $id) { incidents(after: "${cursor(['startedAt', '2026-02-30T00:00:00Z', someId])}") { totalCount } } }`,
          { id: acme },
        ],
        [`query ($id: ID!) { incidents(organizationId: $id, after: "${cursor(['startedAt', iso(BASE), 'x'])}") { totalCount } }`, { id: acme }],
      ] as const;
      for (const [query, variables] of cases) {
        const response = await app.gql(query, variables);
        expect(response.status, query).toBe(400);
        expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.body.errors?.[0]?.message).toMatch(/^after:/);
      }
    });

    it('still serves the list after the rejected requests', async () => {
      const page = await list({}, { first: 3 });
      expect(page.edges.map((e) => e.node.id)).toEqual(sorted(acmeRows, 'POSTED_AT_DESC').slice(0, 3));
    });
  });

  describe('nested connections', () => {
    it('pages Organization.mentions per organization with a filter, each with its own totalCount', async () => {
      const key = (await createKey(app, [acme, rival], ['READ'])).secret;
      const data = await app.ok(
        `{ organizations { edges { node { id
            mentions(filter: { platforms: [TWITTER], minReach: 100 }, first: 4, orderBy: REACH_DESC) {
              totalCount edges { node { id organizationId } } pageInfo { hasNextPage } } } } } }`,
        {},
        key,
      );
      const byOrg = new Map<string, any>(data.organizations.edges.map((e: any) => [e.node.id, e.node.mentions]));
      expect([...byOrg.keys()].sort()).toEqual([acme, rival].sort());
      for (const [organizationId, rows] of [
        [acme, acmeRows],
        [rival, rivalRows],
      ] as const) {
        const expected = sorted(
          rows.filter((r) => r.platform === 'TWITTER' && r.reach >= 100),
          'REACH_DESC',
        );
        const page = byOrg.get(organizationId);
        expect(page.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 4));
        expect(page.edges.every((e: any) => e.node.organizationId === organizationId)).toBe(true);
        expect(page.totalCount).toBe(expected.length);
        expect(page.pageInfo.hasNextPage).toBe(expected.length > 4);
      }
    });

    it('continues Organization.mentions from a cursor', async () => {
      const query = `query ($id: ID!, $after: String) { organization(id: $id) {
          mentions(filter: { sentiment: NEGATIVE }, first: 3, after: $after) {
            totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
      const expected = sorted(
        acmeRows.filter((r) => r.label === 'NEGATIVE'),
        'POSTED_AT_DESC',
      );
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await app.ok(query, { id: acme, after })).organization.mentions;
        expect(page.totalCount).toBe(expected.length);
        ids.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(ids).toEqual(expected);
    });

    it('pages Incident.mentions per incident', async () => {
      const data = await app.ok(
        `query ($id: ID!) { organization(id: $id) { incidents { edges { node { id
            mentions(first: 5) { totalCount edges { node { id incidentId } } pageInfo { hasNextPage } }
            byReach: mentions(first: 2, orderBy: REACH_ASC) { totalCount edges { node { id } } } } } } } }`,
        { id: acme },
      );
      const incidents = data.organization.incidents.edges.map((e: any) => e.node);
      expect(incidents.map((i: any) => i.id).sort()).toEqual([...incidentIds].sort());
      for (const incident of incidents) {
        const rows = acmeRows.filter((r) => r.incidentId === incident.id);
        expect(incident.mentions.edges.map((e: any) => e.node.id)).toEqual(sorted(rows, 'POSTED_AT_DESC').slice(0, 5));
        expect(incident.mentions.edges.every((e: any) => e.node.incidentId === incident.id)).toBe(true);
        expect(incident.mentions.totalCount).toBe(rows.length);
        expect(incident.mentions.pageInfo.hasNextPage).toBe(true);
        expect(incident.byReach.edges.map((e: any) => e.node.id)).toEqual(sorted(rows, 'REACH_ASC').slice(0, 2));
        expect(incident.byReach.totalCount).toBe(rows.length);
      }
    });

    it('walks Incident.mentions of a single incident with cursors', async () => {
      const query = `query ($id: ID!, $after: String) { incident(id: $id) {
          mentions(first: 4, after: $after, orderBy: SENTIMENT_DESC) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
      const expected = sorted(
        acmeRows.filter((r) => r.incidentId === incidentIds[1]),
        'SENTIMENT_DESC',
      );
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await app.ok(query, { id: incidentIds[1], after })).incident.mentions;
        expect(page.totalCount).toBe(expected.length);
        ids.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(ids).toEqual(expected);
    });

    it("pages Influencer.mentions per author, within the key's organizations only", async () => {
      const data = await app.ok(
        `query ($filter: MentionFilter!) { mentions(filter: $filter, first: 500) { edges { node {
            author { id handle platform mentions(first: 3) { totalCount edges { node { id organizationId } } } } } } } }`,
        { filter: { organizationId: acme, authorHandle: 'jetfan' } },
        acmeKey,
      );
      const authors = new Map<string, any>();
      for (const edge of data.mentions.edges) authors.set(edge.node.author.id, edge.node.author);
      // JetFan on TWITTER and jetfan on REDDIT are two authors; JetFan also posts about Rival Air, unseen by this key
      expect([...authors.values()].map((a) => `${a.platform}:${a.handle}`).sort()).toEqual(['REDDIT:jetfan', 'TWITTER:JetFan']);
      for (const author of authors.values()) {
        const rows = acmeRows.filter((r) => r.platform === author.platform && r.handle === author.handle);
        expect(author.mentions.edges.map((e: any) => e.node.id)).toEqual(sorted(rows, 'POSTED_AT_DESC').slice(0, 3));
        expect(author.mentions.edges.every((e: any) => e.node.organizationId === acme)).toBe(true);
        expect(author.mentions.totalCount).toBe(rows.length);
      }
    });

    it('counts an author’s mentions across every organization the admin key sees', async () => {
      const data = await app.ok(`{ influencer(platform: TWITTER, handle: "@JETFAN") { mentions(first: 500, orderBy: POSTED_AT_ASC) {
          totalCount edges { node { id } } } } }`);
      const rows = [...acmeRows, ...rivalRows].filter((r) => r.platform === 'TWITTER' && r.handle === 'JetFan');
      expect(rivalRows.length).toBeGreaterThan(0);
      expect(data.influencer.mentions.edges.map((e: any) => e.node.id)).toEqual(sorted(rows, 'POSTED_AT_ASC'));
      expect(data.influencer.mentions.totalCount).toBe(rows.length);
    });

    it('rejects a bad page size in a nested connection with BAD_USER_INPUT', async () => {
      const response = await app.gql(`query ($id: ID!) { incident(id: $id) { mentions(first: 501) { totalCount } } }`, {
        id: incidentIds[0],
      });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toMatch(/\bfirst\b/);
    });
  });

  describe('SQL statements per request', () => {
    /** Runs the operation and returns how many statements the server sent to PostgreSQL meanwhile. */
    async function countStatements(query: string, variables: Record<string, unknown>, key: string) {
      const statements: string[] = [];
      const stop = app.queryLogger.onQuery((sql) => statements.push(sql));
      try {
        const data = await app.ok(query, variables, key);
        return { data, statements };
      } finally {
        stop();
      }
    }

    /** The key's last-used time is written at most once a minute: use it once and wait for that write. */
    async function warmKey(key: { id: string; secret: string }): Promise<void> {
      await app.ok('{ viewer { id } }', {}, key.secret);
      await expect
        .poll(async () => (await app.dataSource.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]))[0].last_used_at)
        .not.toBeNull();
    }

    it('lists 100 mentions with their authors, incident and organization in at most 4 statements', async () => {
      const org = (await createOrganization(app, 'Counting Co', { handles: [{ platform: 'TWITTER', handle: 'counting' }] })).id;
      const incident = await createIncident(app, org, { title: 'Recall', startedAt: iso(BASE) });
      const rows = await seed(
        app,
        org,
        Array.from({ length: 100 }, (_, i) => ({
          externalId: `count-${i}`,
          postedAt: iso(BASE + i * 60_000),
          author: { handle: i % 10 === 0 ? 'counting' : `author_${i % 10}` },
          owned: i % 10 === 0,
          incidentId: i % 2 === 0 ? incident : null,
        })),
      );
      const key = await createKey(app, [org], ['READ']);
      await warmKey(key);

      const { data, statements } = await countStatements(
        `query ($org: ID!) { mentions(filter: { organizationId: $org }, first: 100) {
           edges { node { id author { handle } incident { title } organization { name } } } } }`,
        { org },
        key.secret,
      );
      const nodes = data.mentions.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(100);
      expect(nodes.map((n: any) => n.id)).toEqual(sorted(rows, 'POSTED_AT_DESC'));
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const node of nodes) {
        const row = byId.get(node.id)!;
        expect(node.author.handle).toBe(row.handle);
        expect(node.incident).toEqual(row.incidentId ? { title: 'Recall' } : null);
        expect(node.organization).toEqual({ name: 'Counting Co' });
      }
      expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    });

    it('pages organizations → incidents → mentions in the same number of statements for 2 and for 6 organizations', async () => {
      const organizations: Array<{ id: string; incidents: Array<{ id: string; rows: Row[] }> }> = [];
      for (let o = 0; o < 6; o += 1) {
        const id = (await createOrganization(app, `Nested ${o}`)).id;
        const incidents = [];
        for (let n = 0; n < 2; n += 1) {
          const incidentId = await createIncident(app, id, { title: `Incident ${o}.${n}`, startedAt: iso(BASE + n * HOUR) });
          const rows = await seed(
            app,
            id,
            Array.from({ length: 4 }, (_, m) => ({
              externalId: `nested-${o}-${n}-${m}`,
              postedAt: iso(BASE + n * HOUR + m * 60_000),
              author: { handle: `nested_author_${m}` },
              incidentId,
            })),
          );
          incidents.push({ id: incidentId, rows });
        }
        organizations.push({ id, incidents });
      }
      const query = `{ organizations { edges { node { id incidents(first: 5) { edges { node { id
          mentions(first: 3) { edges { node { id } } } } } } } } } }`;

      const counts: number[] = [];
      for (const size of [2, 6]) {
        const visible = organizations.slice(0, size);
        const key = await createReadKey(app, visible.map((o) => o.id));
        await warmKey(key);
        const { data, statements } = await countStatements(query, {}, key.secret);
        counts.push(statements.length);

        expect(data.organizations.edges.map((e: any) => e.node.id).sort()).toEqual(visible.map((o) => o.id).sort());
        for (const edge of data.organizations.edges) {
          const organization = visible.find((o) => o.id === edge.node.id)!;
          const incidents = edge.node.incidents.edges.map((e: any) => e.node);
          // newest first: the incident that started later comes first
          expect(incidents.map((i: any) => i.id)).toEqual([organization.incidents[1]!.id, organization.incidents[0]!.id]);
          for (const incident of incidents) {
            const rows = organization.incidents.find((i) => i.id === incident.id)!.rows;
            expect(incident.mentions.edges.map((e: any) => e.node.id)).toEqual(sorted(rows, 'POSTED_AT_DESC').slice(0, 3));
          }
        }
      }
      expect(counts).toHaveLength(2);
      expect(counts[1]).toBe(counts[0]);
      expect(counts[0]).toBeLessThanOrEqual(4);
    });
  });
});
