import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createIncident, createKey, createOrganization, insertMentions, type OrganizationRef } from '../support/factory';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * The tenant wall, field by field: a key granted only organization A (READ, INGEST, MANAGE) aims every
 * query, mutation and nested field at organization B's data. Nothing of B may come back, nothing of B may
 * change, and B's existing ids must answer exactly like ids that do not exist. Every case also checks that
 * the same key does see its own data, so no case passes because the API returns nothing at all.
 */
describe('tenant isolation for a key granted only organization A', () => {
  let app: TestApp;
  let alpha: OrganizationRef;
  let bravo: OrganizationRef;
  let alphaIncident: string;
  let bravoIncident: string;
  let alphaKey: { id: string; secret: string };
  let bravoKey: { id: string; secret: string };
  let sharedKey: { id: string; secret: string };
  /** Mention ids by externalId; `common-post` exists in both organizations. */
  const alphaMention: Record<string, string> = {};
  const bravoMention: Record<string, string> = {};
  /** Strings that only B's data contains; no response to A's key may carry one it was not sent. */
  let bravoMarkers: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    alpha = await createOrganization(app, 'Alpha Air');
    bravo = await createOrganization(app, 'Bravo Bank', { keywords: ['bravo'] });
    alphaIncident = await createIncident(app, alpha.id, { title: 'Alpha outage', startedAt: '2026-10-01T00:00:00Z' });
    bravoIncident = await createIncident(app, bravo.id, { title: 'Bravo breach', startedAt: '2026-08-30T00:00:00Z' });
    alphaKey = await createKey(app, [alpha.id], ['READ', 'INGEST', 'MANAGE']);
    bravoKey = await createKey(app, [bravo.id], ['READ']);
    sharedKey = await createKey(app, [alpha.id, bravo.id], ['READ']);

    // shared_sam writes in both organizations, B's mentions bracketing A's in time; bravo_only only in B
    const alphaSeeds = [
      { externalId: 'alpha-1', author: { handle: 'shared_sam' }, postedAt: '2026-10-02T10:00:00Z', incidentId: alphaIncident },
      {
        externalId: 'alpha-2',
        author: { handle: 'alpha_only' },
        postedAt: '2026-10-03T10:00:00Z',
        inReplyToExternalId: 'alpha-1',
        sharedFromExternalId: 'common-post',
      },
      { externalId: 'common-post', author: { handle: 'alpha_only' }, postedAt: '2026-10-04T10:00:00Z' },
      // points at posts that exist only in B: must resolve to nothing, not to B's rows
      {
        externalId: 'alpha-3',
        author: { handle: 'shared_sam' },
        postedAt: '2026-10-05T10:00:00Z',
        inReplyToExternalId: 'bravo-1',
        sharedFromExternalId: 'bravo-2',
      },
    ];
    const bravoSeeds = [
      { externalId: 'bravo-1', author: { handle: 'shared_sam' }, postedAt: '2026-09-01T10:00:00Z', incidentId: bravoIncident },
      { externalId: 'bravo-2', author: { handle: 'bravo_only' }, postedAt: '2026-10-10T10:00:00Z', incidentId: bravoIncident },
      { externalId: 'common-post', author: { handle: 'bravo_only' }, postedAt: '2026-10-11T10:00:00Z' },
      {
        externalId: 'bravo-3',
        author: { handle: 'shared_sam' },
        postedAt: '2026-11-01T10:00:00Z',
        inReplyToExternalId: 'alpha-1',
        sharedFromExternalId: 'common-post',
      },
    ];
    const alphaIds = await insertMentions(
      app.dataSource,
      alpha.id,
      alphaSeeds.map((seed) => ({ ...seed, text: `Alpha note ${seed.externalId}` })),
    );
    const bravoIds = await insertMentions(
      app.dataSource,
      bravo.id,
      bravoSeeds.map((seed) => ({ ...seed, text: `Bravo confidential ${seed.externalId}`, reach: 777_001 })),
    );
    alphaSeeds.forEach((seed, index) => (alphaMention[seed.externalId] = alphaIds[index]!));
    bravoSeeds.forEach((seed, index) => (bravoMention[seed.externalId] = bravoIds[index]!));

    // B tracks the shared author and watches one that has not posted yet
    await app.dataSource.query(`UPDATE organization_influencers SET tracked = true, note = 'Bravo watch note' WHERE organization_id = $1`, [
      bravo.id,
    ]);
    const [watched] = await app.dataSource.query(
      `INSERT INTO influencers (platform, handle, handle_key, followers) VALUES ('TWITTER', 'bravo_watchlist', 'bravo_watchlist', 5) RETURNING id`,
    );
    await app.dataSource.query(
      `INSERT INTO organization_influencers (organization_id, influencer_id, mention_count, tracked) VALUES ($1, $2, 0, true)`,
      [bravo.id, watched.id],
    );

    bravoMarkers = [
      bravo.id,
      'Bravo Bank',
      bravo.slug,
      bravoIncident,
      'Bravo breach',
      'Bravo confidential',
      'Bravo watch note',
      '777001',
      'bravo_only',
      'bravo_watchlist',
      bravoKey.id,
      sharedKey.id,
      ...bravoIds,
    ];
  });
  afterAll(() => app?.close());

  /** A's key on the wire; fails the test if the response carries any B marker the request did not contain. */
  async function asAlpha<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await app.gql<T>(query, variables, alphaKey.secret);
    const sent = query + JSON.stringify(variables);
    const body = JSON.stringify(response.body);
    const leaked = bravoMarkers.filter((marker) => !sent.includes(marker) && body.includes(marker));
    expect(leaked, `response to A's key leaks B's data: ${body}`).toEqual([]);
    return response;
  }

  async function alphaOk<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await asAlpha<T>(query, variables);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data as T;
  }

  /** What a client can observe of a failure, with the id it asked about blanked out. */
  function failure(response: GraphQLResponse, askedId: string) {
    const error = response.body.errors?.[0];
    return {
      status: response.status,
      code: error?.extensions?.code,
      message: error?.message.replaceAll(askedId, '<id>'),
      data: response.body.data ?? null,
    };
  }

  const iso = (value: string) => new Date(value).toISOString();

  describe('lookups by id, slug or handle', () => {
    const cases: Array<{
      does: string;
      query: string;
      field: string;
      own: () => string;
      other: () => string;
      missing: () => string;
    }> = [
      {
        does: 'organization(id) finds A, and answers null for B exactly as for an unknown id',
        query: 'query ($v: ID) { organization(id: $v) { id name slug } }',
        field: 'organization',
        own: () => alpha.id,
        other: () => bravo.id,
        missing: () => randomUUID(),
      },
      {
        does: 'organization(slug) finds A, and answers null for B exactly as for an unknown slug',
        query: 'query ($v: String) { organization(slug: $v) { id name slug } }',
        field: 'organization',
        own: () => alpha.slug,
        other: () => bravo.slug,
        missing: () => 'no-such-organization',
      },
      {
        does: "incident(id) finds A's incident, and answers null for B's exactly as for an unknown id",
        query: 'query ($v: ID!) { incident(id: $v) { id title organizationId } }',
        field: 'incident',
        own: () => alphaIncident,
        other: () => bravoIncident,
        missing: () => randomUUID(),
      },
      {
        does: 'influencer(platform, handle) finds an author A has seen, and answers null for one only B has seen',
        query: 'query ($v: String!) { influencer(platform: TWITTER, handle: $v) { id handle } }',
        field: 'influencer',
        own: () => 'alpha_only',
        other: () => 'bravo_only',
        missing: () => 'nobody_ever_posted',
      },
      {
        does: 'influencer(platform, handle) answers null for B-only authors however the handle is spelled',
        query: 'query ($v: String!) { influencer(platform: TWITTER, handle: $v) { id handle } }',
        field: 'influencer',
        own: () => '@ALPHA_ONLY',
        other: () => '@Bravo_Only',
        missing: () => '@Nobody_Ever_Posted',
      },
      {
        does: 'influencer(platform, handle) answers null for an author B only tracks',
        query: 'query ($v: String!) { influencer(platform: TWITTER, handle: $v) { id handle tracked } }',
        field: 'influencer',
        own: () => 'shared_sam',
        other: () => 'bravo_watchlist',
        missing: () => 'nobody_ever_posted',
      },
    ];

    for (const c of cases) {
      it(c.does, async () => {
        const own = await alphaOk(c.query, { v: c.own() });
        expect(own[c.field]).not.toBeNull();

        const other = await asAlpha(c.query, { v: c.other() });
        const missing = await asAlpha(c.query, { v: c.missing() });
        expect(other.body.errors).toBeUndefined();
        expect(other.body.data).toEqual({ [c.field]: null });
        expect(other.status).toBe(200);
        expect(failure(other, c.other())).toEqual(failure(missing, c.missing()));

        // the admin key finds B's object, so the null above is the wall, not missing test data
        const admin = await app.ok(c.query, { v: c.other() });
        expect(admin[c.field]).not.toBeNull();
      });
    }
  });

  describe('lists of one organization', () => {
    const cases = [
      {
        does: "incidents(organizationId) lists A's incidents, and refuses B's with FORBIDDEN, exactly as for an unknown id",
        query: 'query ($v: ID!) { incidents(organizationId: $v) { totalCount edges { node { id organizationId } } } }',
        field: 'incidents',
        ownTotal: 1,
      },
      {
        does: "mentions(filter: { organizationId }) lists A's mentions, and refuses B's with FORBIDDEN, exactly as for an unknown id",
        query: 'query ($v: ID!) { mentions(filter: { organizationId: $v }) { totalCount edges { node { id organizationId } } } }',
        field: 'mentions',
        ownTotal: 4,
      },
    ];

    for (const c of cases) {
      it(c.does, async () => {
        const own = (await alphaOk(c.query, { v: alpha.id }))[c.field];
        expect(own.totalCount).toBe(c.ownTotal);
        expect(own.edges).toHaveLength(c.ownTotal);
        expect(own.edges.every((edge: any) => edge.node.organizationId === alpha.id)).toBe(true);

        const other = await asAlpha(c.query, { v: bravo.id });
        const missingId = randomUUID();
        const missing = await asAlpha(c.query, { v: missingId });
        expect(failure(other, bravo.id)).toMatchObject({ status: 403, code: 'FORBIDDEN', data: null });
        expect(failure(other, bravo.id)).toEqual(failure(missing, missingId));

        expect((await app.ok(c.query, { v: bravo.id }))[c.field].totalCount).toBeGreaterThan(0);
      });
    }

    it("finds nothing when A's own lists are filtered by B's incident or a B-only author", async () => {
      const data = await alphaOk(
        `query ($a: ID!, $incident: ID!) {
           byIncident: mentions(filter: { organizationId: $a, incidentId: $incident }) { totalCount edges { node { id } } }
           byAuthor: mentions(filter: { organizationId: $a, authorHandle: "bravo_only" }) { totalCount edges { node { id } } }
           organization(id: $a) {
             byIncident: mentions(filter: { incidentId: $incident }) { totalCount edges { node { id } } }
             byAuthor: mentions(filter: { authorHandle: "bravo_only" }) { totalCount edges { node { id } } }
           }
         }`,
        { a: alpha.id, incident: bravoIncident },
      );
      for (const list of [data.byIncident, data.byAuthor, data.organization.byIncident, data.organization.byAuthor]) {
        expect(list).toEqual({ totalCount: 0, edges: [] });
      }
      const own = await alphaOk(
        `query ($a: ID!, $incident: ID!) {
           mentions(filter: { organizationId: $a, incidentId: $incident }) { totalCount }
         }`,
        { a: alpha.id, incident: alphaIncident },
      );
      expect(own.mentions.totalCount).toBe(1);
    });
  });

  describe('lists of every visible organization', () => {
    it('counts and lists only A in organizations, while the admin key sees both', async () => {
      const query = '{ organizations { totalCount edges { node { id name } } } }';
      const own = await alphaOk(query);
      expect(own.organizations).toEqual({ totalCount: 1, edges: [{ node: { id: alpha.id, name: 'Alpha Air' } }] });
      expect((await app.ok(query)).organizations.totalCount).toBe(2);
    });

    it('pages through organizations without ever reaching B', async () => {
      const first = await alphaOk('{ organizations(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }');
      expect(first.organizations.pageInfo.hasNextPage).toBe(false);
      const after = await alphaOk('query ($after: String) { organizations(first: 1, after: $after) { edges { node { id } } } }', {
        after: first.organizations.pageInfo.endCursor,
      });
      expect(after.organizations.edges).toEqual([]);
    });

    it('lists only A in viewer.organizations', async () => {
      const data = await alphaOk('{ viewer { id isAdmin scopes organizations { id name } } }');
      expect(data.viewer).toEqual({
        id: alphaKey.id,
        isAdmin: false,
        scopes: ['READ', 'INGEST', 'MANAGE'],
        organizations: [{ id: alpha.id, name: 'Alpha Air' }],
      });
    });

    it('counts only A in the incidents and mentions nested under organizations, viewer and organization', async () => {
      const nested = 'incidents { totalCount edges { node { id organizationId } } } mentions { totalCount edges { node { id organizationId } } }';
      const data = await alphaOk(
        `query ($a: ID!) {
           organizations { edges { node { id ${nested} } } }
           viewer { organizations { id ${nested} } }
           organization(id: $a) { id ${nested} }
         }`,
        { a: alpha.id },
      );
      const views = [data.organizations.edges[0].node, data.viewer.organizations[0], data.organization];
      for (const organization of views) {
        expect(organization.id).toBe(alpha.id);
        expect(organization.incidents.totalCount).toBe(1);
        expect(organization.incidents.edges.map((edge: any) => edge.node.id)).toEqual([alphaIncident]);
        expect(organization.mentions.totalCount).toBe(4);
        expect(organization.mentions.edges.every((edge: any) => edge.node.organizationId === alpha.id)).toBe(true);
      }
    });
  });

  describe('nested fields of A objects', () => {
    it("links A's incident only to A's organization and mentions", async () => {
      const data = await alphaOk(
        `query ($id: ID!) {
           incident(id: $id) { organization { id } mentions { totalCount edges { node { id organization { id } incident { id } } } } }
         }`,
        { id: alphaIncident },
      );
      expect(data.incident).toEqual({
        organization: { id: alpha.id },
        mentions: {
          totalCount: 1,
          edges: [{ node: { id: alphaMention['alpha-1'], organization: { id: alpha.id }, incident: { id: alphaIncident } } }],
        },
      });
    });

    it('resolves inReplyTo and sharedFrom inside A only, even where B has a post with the same externalId', async () => {
      const link = 'id organizationId externalId';
      const query = `query ($org: ID!) {
        mentions(filter: { organizationId: $org }, orderBy: POSTED_AT_ASC) {
          edges { node { externalId organizationId inReplyTo { ${link} } sharedFrom { ${link} } } }
        }
      }`;
      const data = await alphaOk(query, { org: alpha.id });
      const byExternalId = Object.fromEntries(data.mentions.edges.map((edge: any) => [edge.node.externalId, edge.node]));
      expect(byExternalId['alpha-2']).toEqual({
        externalId: 'alpha-2',
        organizationId: alpha.id,
        inReplyTo: { id: alphaMention['alpha-1'], organizationId: alpha.id, externalId: 'alpha-1' },
        sharedFrom: { id: alphaMention['common-post'], organizationId: alpha.id, externalId: 'common-post' },
      });
      // bravo-1 and bravo-2 exist, but in B
      expect(byExternalId['alpha-3']).toMatchObject({ inReplyTo: null, sharedFrom: null });

      // and the other way round: B's reply to "alpha-1" stays unresolved, B's reshare resolves to B's own post
      const bravoSide = await app.ok(query, { org: bravo.id });
      const bravo3 = bravoSide.mentions.edges.find((edge: any) => edge.node.externalId === 'bravo-3').node;
      expect(bravo3.inReplyTo).toBeNull();
      expect(bravo3.sharedFrom).toEqual({ id: bravoMention['common-post'], organizationId: bravo.id, externalId: 'common-post' });
      expect(bravoSide.mentions.edges.map((edge: any) => edge.node.externalId)).toEqual(expect.arrayContaining(['bravo-1', 'bravo-2']));
    });
  });

  describe('an author who wrote in both organizations', () => {
    const stats = 'id handle mentionCount firstSeenAt lastSeenAt tracked mentions { totalCount edges { node { id organizationId } } }';
    const alphaView = () => ({
      handle: 'shared_sam',
      mentionCount: 2,
      firstSeenAt: iso('2026-10-02T10:00:00Z'),
      lastSeenAt: iso('2026-10-05T10:00:00Z'),
      tracked: false,
      mentions: {
        totalCount: 2,
        edges: [
          { node: { id: alphaMention['alpha-3'], organizationId: alpha.id } },
          { node: { id: alphaMention['alpha-1'], organizationId: alpha.id } },
        ],
      },
    });
    const normalize = (author: any) => ({
      ...author,
      firstSeenAt: author.firstSeenAt && iso(author.firstSeenAt),
      lastSeenAt: author.lastSeenAt && iso(author.lastSeenAt),
    });

    it("counts, dates and lists only A's mentions through influencer(platform, handle)", async () => {
      const data = await alphaOk(`{ influencer(platform: TWITTER, handle: "shared_sam") { ${stats} } }`);
      expect(normalize(data.influencer)).toMatchObject(alphaView());

      // B's mentions are there, earlier and later than A's, and B tracks the author
      const admin = await app.ok(`{ influencer(platform: TWITTER, handle: "shared_sam") { ${stats} } }`);
      expect(normalize(admin.influencer)).toMatchObject({
        mentionCount: 4,
        firstSeenAt: iso('2026-09-01T10:00:00Z'),
        lastSeenAt: iso('2026-11-01T10:00:00Z'),
        tracked: true,
        mentions: { totalCount: 4 },
      });
    });

    it("counts, dates and lists only A's mentions through mention.author", async () => {
      const data = await alphaOk(
        `query ($a: ID!) { mentions(filter: { organizationId: $a, authorHandle: "shared_sam" }) { edges { node { author { ${stats} } } } } }`,
        { a: alpha.id },
      );
      expect(data.mentions.edges).toHaveLength(2);
      for (const edge of data.mentions.edges) expect(normalize(edge.node.author)).toMatchObject(alphaView());
    });

    it("pages through the author's mentions one at a time and meets only A's", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const data: any = await alphaOk(
          `query ($after: String) {
             influencer(platform: TWITTER, handle: "shared_sam") {
               mentions(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
             }
           }`,
          { after },
        );
        const connection = data.influencer.mentions;
        expect(connection.totalCount).toBe(2);
        seen.push(...connection.edges.map((edge: any) => edge.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual([alphaMention['alpha-3'], alphaMention['alpha-1']]);
    });
  });

  describe('analytics aimed at B', () => {
    const range = { from: '2026-08-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const scope = (id: string) => ({ scope: { organizationId: id }, range });
    const cases: Array<{
      does: string;
      query: string;
      variables: (target: string) => Record<string, unknown>;
      target: () => string;
      code: string;
      /** What A's key gets for its own data (proves the case is not empty by construction). */
      own: (data: Record<string, any>) => void;
      ownVariables: () => Record<string, unknown>;
      /** What the admin key asks to show B's data exists (default: the same variables). */
      adminVariables?: () => Record<string, unknown>;
    }> = [
      {
        does: "kpis refuses B's organization with FORBIDDEN, exactly as an unknown id, and counts A's four mentions",
        query: 'query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { volume reach uniqueAuthors } }',
        variables: scope,
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => scope(alpha.id),
        own: (data) => expect(data.kpis).toMatchObject({ volume: 4, uniqueAuthors: 2 }),
      },
      {
        does: "kpis refuses B's incident inside A's scope with NOT_FOUND, exactly as an unknown incident",
        query: 'query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { volume } }',
        variables: (id) => ({ scope: { organizationId: alpha.id, incidentId: id }, range }),
        target: () => bravoIncident,
        code: 'NOT_FOUND',
        ownVariables: () => ({ scope: { organizationId: alpha.id, incidentId: alphaIncident }, range }),
        adminVariables: () => ({ scope: { organizationId: bravo.id, incidentId: bravoIncident }, range }),
        own: (data) => expect(data.kpis.volume).toBe(1),
      },
      {
        does: 'timeSeries refuses B with FORBIDDEN, exactly as an unknown id',
        query:
          'query ($scope: ScopeInput!, $range: TimeRangeInput!) { timeSeries(scope: $scope, range: $range, granularity: MONTH, metrics: [VOLUME, REACH], fill: NONE) { points { bucket volume reach } } }',
        variables: scope,
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => scope(alpha.id),
        own: (data) => expect(data.timeSeries.points.map((point: any) => point.volume)).toEqual([4]),
      },
      {
        does: 'kpiTable refuses B with FORBIDDEN, exactly as an unknown id',
        query:
          'query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpiTable(scope: $scope, range: $range, groupBy: [ORGANIZATION, INCIDENT], metrics: [VOLUME]) { totalCount rows { organizationId incidentId volume } } }',
        variables: scope,
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => scope(alpha.id),
        own: (data) => expect(data.kpiTable.rows.every((row: any) => row.organizationId === alpha.id)).toBe(true),
      },
      {
        does: 'anomalies refuses B with FORBIDDEN, exactly as an unknown id',
        query: 'query ($scope: ScopeInput!, $range: TimeRangeInput!) { anomalies(scope: $scope, range: $range, granularity: DAY, threshold: 0.1) { bucket value } }',
        variables: scope,
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => scope(alpha.id),
        own: (data) => expect(data.anomalies).toEqual([]),
      },
      {
        does: 'alerts refuses B with FORBIDDEN, exactly as an unknown id',
        query: 'query ($id: ID!) { alerts(organizationId: $id) { totalCount edges { node { id organizationId } } } }',
        variables: (id) => ({ id }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => ({ id: alpha.id }),
        own: (data) => expect(data.alerts.totalCount).toBe(0),
      },
      {
        does: 'influencers refuses B with FORBIDDEN, exactly as an unknown id, and ranks only A\'s authors',
        query: 'query ($id: ID!) { influencers(organizationId: $id) { influencer { handle mentionCount } mentions reach } }',
        variables: (id) => ({ id }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => ({ id: alpha.id }),
        own: (data) =>
          expect(data.influencers.map((impact: any) => [impact.influencer.handle, impact.mentions, impact.influencer.mentionCount]).sort()).toEqual([
            ['alpha_only', 2, 2],
            ['shared_sam', 2, 2],
          ]),
      },
      {
        does: 'shareOfVoice refuses a list naming B with FORBIDDEN, exactly as an unknown id',
        query: 'query ($ids: [ID!]!, $range: TimeRangeInput!) { shareOfVoice(organizationIds: $ids, range: $range) { organization { id } value share } }',
        variables: (id) => ({ ids: [alpha.id, id], range }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        ownVariables: () => ({ ids: [alpha.id], range }),
        own: (data) => expect(data.shareOfVoice).toEqual([{ organization: { id: alpha.id }, value: 4, share: 1 }]),
      },
      {
        does: "reputationDelta answers B's incident with NOT_FOUND, exactly as an unknown id",
        query: 'query ($id: ID!) { reputationDelta(incidentId: $id) { baseline { kpis { volume reach } } metrics { metric before } } }',
        variables: (id) => ({ id }),
        target: () => bravoIncident,
        code: 'NOT_FOUND',
        ownVariables: () => ({ id: alphaIncident }),
        own: (data) => expect(data.reputationDelta.baseline.kpis.volume).toBe(0),
      },
    ];

    for (const c of cases) {
      it(c.does, async () => {
        c.own(await alphaOk(c.query, c.ownVariables()));
        const other = await asAlpha(c.query, c.variables(c.target()));
        const missingId = randomUUID();
        const missing = await asAlpha(c.query, c.variables(missingId));
        expect(failure(other, c.target())).toMatchObject({ code: c.code, data: null });
        expect(failure(other, c.target())).toEqual(failure(missing, missingId));
        // the admin key gets B's figures, so the refusal above is the wall
        const admin = await app.gql(c.query, c.adminVariables?.() ?? c.variables(c.target()));
        expect(admin.body.errors).toBeUndefined();
      });
    }

    it("spread of B's mention is null exactly as for an unknown id, and A's cascade never crosses into B", async () => {
      const query = 'query ($id: ID!) { spread(mentionId: $id) { root { id } size depth amplifiers { influencer { handle } reach } } }';
      expect((await asAlpha(query, { id: bravoMention['bravo-1'] })).body.data).toEqual((await asAlpha(query, { id: randomUUID() })).body.data);
      expect((await alphaOk(query, { id: bravoMention['bravo-1'] })).spread).toBeNull();
      // alpha-2 replies to alpha-1 in A; bravo-3 replies to an "alpha-1" in B and must not join
      const own = await alphaOk(query, { id: alphaMention['alpha-1'] });
      expect(own.spread).toMatchObject({ size: 2, depth: 1, amplifiers: [{ influencer: { handle: 'alpha_only' } }] });
      expect((await app.ok(query, { id: bravoMention['bravo-1'] })).spread.size).toBe(1);
    });

    it("searchInfluencers finds A's authors and never one only B has seen or tracks", async () => {
      const search = async (q: string) => (await alphaOk('query ($q: String!) { searchInfluencers(query: $q) { handle } }', { q })).searchInfluencers.map((found: any) => found.handle);
      expect(await search('alpha_on')).toEqual(['alpha_only']);
      expect(await search('bravo')).toEqual([]);
      expect(await search('bravo_watchlist')).toEqual([]);
      expect((await app.ok('{ searchInfluencers(query: "bravo_only") { handle } }')).searchInfluencers[0].handle).toBe('bravo_only');
    });

    it("the incident's kpis and reputationDelta count only A's mentions", async () => {
      const data = await alphaOk(
        'query ($id: ID!) { incident(id: $id) { kpis { volume reach } reputationDelta(metrics: [VOLUME, REACH]) { during { kpis { volume reach } } metrics { metric during } } } }',
        { id: alphaIncident },
      );
      expect(data.incident.kpis.volume).toBe(1);
      expect(data.incident.reputationDelta.during.kpis.volume).toBe(4);
    });
  });

  describe('subscriptions aimed at B', () => {
    const subscriptions = [
      ['sentimentChanged', 'subscription ($id: ID!) { sentimentChanged(organizationId: $id) { organizationId volume } }', true],
      ['volumeChanged', 'subscription ($id: ID!) { volumeChanged(organizationId: $id) { organizationId volume } }', true],
      ['alertRaised', 'subscription ($id: ID!) { alertRaised(organizationId: $id, since: null) { id organizationId } }', false],
      ['mentionAdded', 'subscription ($id: ID!) { mentionAdded(organizationId: $id) { id organizationId text } }', false],
    ] as const;

    /** Subscribes with A's key; resolves with the close code, or with the first message's data. */
    async function attempt(query: string, id: string, waitMs: number): Promise<{ closed: number | null; data: unknown }> {
      const socket = new WebSocket(app.url.replace('http', 'ws'), 'graphql-transport-ws');
      const outcome = new Promise<{ closed: number | null; data: unknown }>((resolve) => {
        socket.on('close', (code) => resolve({ closed: code, data: null }));
        socket.on('message', (raw) => {
          const message = JSON.parse(String(raw));
          if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { id } } }));
          if (message.type === 'next') resolve({ closed: null, data: message.payload.data });
        });
        setTimeout(() => resolve({ closed: null, data: 'still open' }), waitMs);
      });
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alphaKey.secret}` } })));
      const result = await outcome;
      socket.terminate();
      return result;
    }

    for (const [field, query, sendsAtOnce] of subscriptions) {
      it(`${field} closes the socket with 4403 for B, exactly as for an unknown id, and serves A`, async () => {
        expect(await attempt(query, bravo.id, 2_000)).toEqual({ closed: 4403, data: null });
        expect(await attempt(query, randomUUID(), 2_000)).toEqual({ closed: 4403, data: null });
        const own = await attempt(query, alpha.id, sendsAtOnce ? 5_000 : 500);
        expect(own.closed).toBeNull();
        // A's mentions are weeks old: the trailing hour is empty, but it is A's
        if (sendsAtOnce) expect(own.data).toEqual({ [field]: { organizationId: alpha.id, volume: 0 } });
        else expect(own.data).toBe('still open');
      });
    }
  });

  describe('mutations aimed at B', () => {
    const snapshotOrganization = (id: string) => app.dataSource.query('SELECT * FROM organizations WHERE id = $1', [id]);
    const snapshotIncidents = () => app.dataSource.query('SELECT * FROM incidents ORDER BY id');
    const snapshotKeys = () => app.dataSource.query('SELECT id, name, scopes, organization_ids, revoked_at FROM api_keys ORDER BY id');

    const cases: Array<{
      does: string;
      mutation: string;
      /** Variables aimed at `target`: B's id, or a random one for the comparison. */
      variables: (target: string) => Record<string, unknown>;
      target: () => string;
      code: string;
      /** Rows that must be identical before and after. */
      snapshot: () => Promise<unknown>;
      /** The same mutation on A's own data, which A's key may do. */
      own: () => Promise<void>;
    }> = [
      {
        does: "updateOrganization refuses B with FORBIDDEN, leaves B's row as it was, and still updates A",
        mutation: 'mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name } }',
        variables: (id) => ({ id, input: { name: 'Taken over', slug: 'taken-over', keywords: ['pwned'], timezone: 'Asia/Jakarta' } }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: () => snapshotOrganization(bravo.id),
        own: async () => {
          await alphaOk('mutation ($id: ID!) { updateOrganization(id: $id, input: { keywords: ["alpha"] }) { id } }', { id: alpha.id });
          expect((await snapshotOrganization(alpha.id))[0].keywords).toEqual(['alpha']);
        },
      },
      {
        does: 'updateOrganization refuses B as a competitor of A exactly as an unknown id, and leaves A as it was',
        mutation: 'mutation ($a: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $a, input: $input) { id competitorIds } }',
        variables: (id) => ({ a: alpha.id, input: { competitorIds: [id] } }),
        target: () => bravo.id,
        code: 'BAD_USER_INPUT',
        snapshot: () => snapshotOrganization(alpha.id),
        own: async () => {
          // a key that sees both organizations may name one as the other's competitor
          const rival = await createOrganization(app, 'Alpha Rival');
          const manager = await createKey(app, [alpha.id, rival.id], ['READ', 'MANAGE']);
          const data = await app.ok(
            'mutation ($a: ID!, $r: ID!) { updateOrganization(id: $a, input: { competitorIds: [$r] }) { competitorIds } }',
            { a: alpha.id, r: rival.id },
            manager.secret,
          );
          expect(data.updateOrganization.competitorIds).toEqual([rival.id]);
        },
      },
      {
        does: 'createIncident refuses B with FORBIDDEN, adds no incident anywhere, and still creates one for A',
        mutation: 'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }',
        variables: (id) => ({ input: { organizationId: id, title: 'Planted', startedAt: '2026-10-01T00:00:00Z' } }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: snapshotIncidents,
        own: async () => {
          const data = await alphaOk('mutation ($a: ID!) { createIncident(input: { organizationId: $a, title: "Drill", startedAt: "2026-12-01T00:00:00Z" }) { id organizationId } }', {
            a: alpha.id,
          });
          expect(data.createIncident.organizationId).toBe(alpha.id);
        },
      },
      {
        does: "updateIncident answers B's incident with NOT_FOUND, leaves it as it was, and still updates A's",
        mutation: 'mutation ($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id title } }',
        variables: (id) => ({ id, input: { title: 'Planted', severity: 'LOW', status: 'RESOLVED' } }),
        target: () => bravoIncident,
        code: 'NOT_FOUND',
        snapshot: snapshotIncidents,
        own: async () => {
          await alphaOk('mutation ($id: ID!) { updateIncident(id: $id, input: { severity: HIGH }) { id } }', { id: alphaIncident });
          const [row] = await app.dataSource.query('SELECT severity FROM incidents WHERE id = $1', [alphaIncident]);
          expect(row.severity).toBe('HIGH');
        },
      },
      {
        does: 'createApiKey refuses a key for B with FORBIDDEN, stores no key, and still creates one for A',
        mutation: 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
        variables: (id) => ({ input: { name: 'backdoor', organizationIds: [id], scopes: ['READ'] } }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: snapshotKeys,
        own: async () => {
          const data = await alphaOk('mutation ($a: ID!) { createApiKey(input: { name: "dashboard", organizationIds: [$a], scopes: [READ] }) { apiKey { organizationIds } } }', {
            a: alpha.id,
          });
          expect(data.createApiKey.apiKey.organizationIds).toEqual([alpha.id]);
        },
      },
      {
        does: 'createApiKey refuses a key for A and B together with FORBIDDEN and stores no key',
        mutation: 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
        variables: (id) => ({ input: { name: 'backdoor', organizationIds: [alpha.id, id], scopes: ['READ'] } }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: snapshotKeys,
        own: async () => {
          const data = await alphaOk('mutation ($a: ID!) { createApiKey(input: { name: "twice", organizationIds: [$a, $a], scopes: [READ] }) { apiKey { organizationIds } } }', {
            a: alpha.id,
          });
          expect(data.createApiKey.apiKey.organizationIds).toEqual([alpha.id]);
        },
      },
      {
        does: 'trackInfluencer refuses B with FORBIDDEN, tracks nothing for B, and still tracks for A',
        mutation: 'mutation ($id: ID!) { trackInfluencer(organizationId: $id, platform: TWITTER, handle: "bravo_only", note: "planted") { id tracked } }',
        variables: (id) => ({ id }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: () => app.dataSource.query('SELECT * FROM organization_influencers ORDER BY organization_id, influencer_id'),
        own: async () => {
          const data = await alphaOk('mutation ($a: ID!) { trackInfluencer(organizationId: $a, platform: TWITTER, handle: "alpha_only") { handle tracked } }', { a: alpha.id });
          expect(data.trackInfluencer).toEqual({ handle: 'alpha_only', tracked: true });
        },
      },
      {
        does: 'untrackInfluencer refuses B with FORBIDDEN and leaves what B tracks as it was',
        mutation: 'mutation ($id: ID!) { untrackInfluencer(organizationId: $id, platform: TWITTER, handle: "shared_sam") { id } }',
        variables: (id) => ({ id }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: () => app.dataSource.query('SELECT * FROM organization_influencers ORDER BY organization_id, influencer_id'),
        own: async () => {
          const data = await alphaOk('mutation ($a: ID!) { untrackInfluencer(organizationId: $a, platform: TWITTER, handle: "shared_sam") { tracked } }', { a: alpha.id });
          // B still tracks shared_sam, but A's key only answers for A
          expect(data.untrackInfluencer.tracked).toBe(false);
        },
      },
      {
        does: "revokeApiKey answers B's key with NOT_FOUND, which keeps working, and still revokes A's",
        mutation: 'mutation ($id: ID!) { revokeApiKey(id: $id) }',
        variables: (id) => ({ id }),
        target: () => bravoKey.id,
        code: 'NOT_FOUND',
        snapshot: snapshotKeys,
        own: async () => {
          expect((await app.ok('{ viewer { id } }', {}, bravoKey.secret)).viewer.id).toBe(bravoKey.id);
          const doomed = await createKey(app, [alpha.id], ['READ']);
          expect((await alphaOk('mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: doomed.id })).revokeApiKey).toBe(true);
        },
      },
      {
        does: 'revokeApiKey answers a key shared by A and B with NOT_FOUND, which keeps working',
        mutation: 'mutation ($id: ID!) { revokeApiKey(id: $id) }',
        variables: (id) => ({ id }),
        target: () => sharedKey.id,
        code: 'NOT_FOUND',
        snapshot: snapshotKeys,
        own: async () => {
          expect((await app.ok('{ viewer { id } }', {}, sharedKey.secret)).viewer.id).toBe(sharedKey.id);
        },
      },
      {
        does: 'ingestMentions refuses B with FORBIDDEN, stores nothing anywhere, and still ingests into A',
        mutation: 'mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted } }',
        variables: (id) => ({
          org: id,
          mentions: [{ platform: 'TWITTER', externalId: 'planted-1', text: 'planted', postedAt: '2026-10-02T00:00:00Z', author: { handle: 'planter' } }],
        }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: () => app.dataSource.query('SELECT organization_id, external_id FROM mentions ORDER BY 1, 2'),
        own: async () => {
          const data = await alphaOk(
            'mutation ($a: ID!) { ingestMentions(organizationId: $a, mentions: [{ platform: TWITTER, externalId: "alpha-own-1", text: "fine", postedAt: "2026-10-02T00:00:00Z", author: { handle: "alpha_fan" } }]) { accepted } }',
            { a: alpha.id },
          );
          expect(data.ingestMentions.accepted).toBe(1);
        },
      },
      {
        does: 'recordMetrics refuses B with FORBIDDEN, stores nothing anywhere, and still records for A',
        mutation: 'mutation ($org: ID!, $observations: [MetricObservationInput!]!) { recordMetrics(organizationId: $org, observations: $observations) { accepted } }',
        variables: (id) => ({ org: id, observations: [{ key: 'SALES', value: 1, observedAt: '2026-10-02T00:00:00Z' }] }),
        target: () => bravo.id,
        code: 'FORBIDDEN',
        snapshot: () => app.dataSource.query('SELECT organization_id, key, value FROM metric_observations ORDER BY 1, 2'),
        own: async () => {
          const data = await alphaOk(
            'mutation ($a: ID!) { recordMetrics(organizationId: $a, observations: [{ key: "SALES", value: 5, observedAt: "2026-10-02T00:00:00Z" }]) { accepted } }',
            { a: alpha.id },
          );
          expect(data.recordMetrics.accepted).toBe(1);
        },
      },
    ];

    it('createOrganization is refused with FORBIDDEN even to a MANAGE key, and adds no organization', async () => {
      const before = await app.dataSource.query('SELECT * FROM organizations ORDER BY id');
      const response = await asAlpha('mutation { createOrganization(input: { name: "Bravo Bank 2", slug: "bravo-bank-2" }) { id } }');
      expect(failure(response, '')).toMatchObject({ status: 403, code: 'FORBIDDEN', data: null });
      expect(await app.dataSource.query('SELECT * FROM organizations ORDER BY id')).toEqual(before);
    });

    for (const c of cases) {
      it(c.does, async () => {
        const before = await c.snapshot();
        const other = await asAlpha(c.mutation, c.variables(c.target()));
        const missingId = randomUUID();
        const missing = await asAlpha(c.mutation, c.variables(missingId));
        expect(failure(other, c.target())).toMatchObject({ code: c.code, data: null });
        expect(failure(other, c.target())).toEqual(failure(missing, missingId));
        expect(await c.snapshot()).toEqual(before);
        await c.own();
      });
    }
  });

  it('has a case in this matrix for every query, mutation and subscription, and every nested object field', async () => {
    // a field added to the schema must be added here, with its isolation cases above
    const covered = {
      Query: [
        'alerts',
        'anomalies',
        'incident',
        'incidents',
        'influencer',
        'influencers',
        'kpiTable',
        'kpis',
        'mentions',
        'organization',
        'organizations',
        'reputationDelta',
        'searchInfluencers',
        'shareOfVoice',
        'spread',
        'timeSeries',
        'viewer',
      ],
      Mutation: [
        'createApiKey',
        'createIncident',
        'createOrganization',
        'ingestMentions',
        'recordMetrics',
        'revokeApiKey',
        'trackInfluencer',
        'untrackInfluencer',
        'updateIncident',
        'updateOrganization',
      ],
      Subscription: ['alertRaised', 'mentionAdded', 'sentimentChanged', 'volumeChanged'],
      Organization: ['handles', 'incidents', 'mentions'],
      Incident: ['kpis', 'mentions', 'organization', 'reputationDelta'],
      Mention: ['author', 'inReplyTo', 'incident', 'organization', 'sharedFrom'],
      Influencer: ['mentions'],
      Viewer: ['organizations'],
    };
    const data = await app.ok(`{
      __schema {
        queryType { name } mutationType { name } subscriptionType { name }
        types { name kind fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
      }
    }`);
    const types = new Map<string, any>(data.__schema.types.map((type: any) => [type.name, type]));
    const named = (type: any): any => (type.ofType ? named(type.ofType) : type);
    const roots: Record<string, string | undefined> = {
      Query: data.__schema.queryType?.name,
      Mutation: data.__schema.mutationType?.name,
      Subscription: data.__schema.subscriptionType?.name,
    };
    const actual: Record<string, string[]> = {};
    for (const [label, typeName] of Object.entries(roots)) {
      actual[label] = typeName ? types.get(typeName).fields.map((field: any) => field.name).sort() : [];
    }
    // fields that lead from an object to more (tenant) data: object-typed or taking arguments
    const viewerType = named(types.get(roots.Query!).fields.find((field: any) => field.name === 'viewer').type).name;
    const entities: Record<string, string> = { Organization: 'Organization', Incident: 'Incident', Mention: 'Mention', Influencer: 'Influencer', Viewer: viewerType };
    for (const [label, typeName] of Object.entries(entities)) {
      actual[label] = types
        .get(typeName)
        .fields.filter((field: any) => named(field.type).kind === 'OBJECT' || field.args.length > 0)
        .map((field: any) => field.name)
        .sort();
    }
    expect(actual).toEqual(covered);
  });
});
