import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation ($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name slug timezone handles { platform handle } keywords competitorIds createdAt }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) { id name slug timezone handles { platform handle } keywords competitorIds }
}`;

describe('organizations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('creates an organization with a slug derived from its name, UTC by default', async () => {
    const { createOrganization: org } = await app.ok(CREATE, { input: { name: 'Garuda Indonesia' } });
    expect(org).toMatchObject({ name: 'Garuda Indonesia', slug: 'garuda-indonesia', timezone: 'UTC', handles: [], keywords: [], competitorIds: [] });
    expect(org.createdAt).toMatch(/Z$/);
  });

  it('numbers a derived slug that is taken, but refuses a taken slug given explicitly', async () => {
    await app.ok(CREATE, { input: { name: 'Twin Co' } });
    const second = await app.ok(CREATE, { input: { name: 'Twin Co' } });
    expect(second.createOrganization.slug).toBe('twin-co-2');
    const clash = await app.gql(CREATE, { input: { name: 'Other', slug: 'twin-co' } });
    expect(clash.status).toBe(400);
    expect(clash.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    expect(await app.dataSource.query(`SELECT * FROM organizations WHERE name = 'Other'`)).toHaveLength(0);
  });

  it('keeps the IANA spelling the user gave, matched case-insensitively', async () => {
    const { createOrganization: org } = await app.ok(CREATE, { input: { name: 'Kolkata Metro', timezone: 'asia/kolkata' } });
    expect(org.timezone).toBe('Asia/Kolkata');
  });

  it.each([
    [{ name: 'Bad tz', timezone: 'Mars/Olympus' }, 'input.timezone'],
    [{ name: '' }, 'input.name'],
    [{ name: 'x'.repeat(201) }, 'input.name'],
    [{ name: 'Bad slug', slug: 'Not A Slug!' }, 'input.slug'],
    [{ name: 'Bad handle', handles: [{ platform: 'TWITTER', handle: 'two words' }] }, 'input.handles[0].handle'],
    [{ name: 'Bad competitor', competitorIds: ['not-an-id'] }, 'input.competitorIds[0]'],
    [{ name: 'Ghost competitor', competitorIds: ['00000000-0000-4000-8000-000000000000'] }, 'input.competitorIds'],
    [{ name: 'Empty keyword', keywords: ['ok', '  '] }, 'input.keywords[1]'],
  ])('rejects %o naming %s, and stores nothing', async (input, field) => {
    const before = (await app.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n;
    const response = await app.gql(CREATE, { input });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.body.errors?.[0]?.message).toContain(field);
    expect((await app.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n).toBe(before);
  });

  it('updates only the fields given, normalising handles and de-duplicating keywords', async () => {
    const rival = await createOrganization(app, 'Rival Air');
    const org = await createOrganization(app, 'Update Me', { keywords: ['delay'] });
    const { updateOrganization } = await app.ok(UPDATE, {
      id: org.id,
      input: { handles: [{ platform: 'TWITTER', handle: '@UpdateMe' }, { platform: 'TWITTER', handle: 'updateme' }], keywords: ['Refund', 'refund', 'outage'], competitorIds: [rival.id] },
    });
    expect(updateOrganization).toMatchObject({
      name: 'Update Me',
      slug: 'update-me',
      handles: [{ platform: 'TWITTER', handle: 'UpdateMe' }],
      keywords: ['Refund', 'outage'],
      competitorIds: [rival.id],
    });
  });

  it('refuses an organization as its own competitor', async () => {
    const org = await createOrganization(app, 'Narcissus');
    const response = await app.gql(UPDATE, { id: org.id, input: { competitorIds: [org.id] } });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.competitorIds' });
  });

  it('finds an organization by id or by slug, and needs exactly one of them', async () => {
    const org = await createOrganization(app, 'Find Me');
    const data = await app.ok('query ($id: ID, $slug: String) { byId: organization(id: $id) { slug } bySlug: organization(slug: $slug) { id } }', { id: org.id, slug: 'FIND-ME' });
    expect(data).toEqual({ byId: { slug: 'find-me' }, bySlug: { id: org.id } });
    expect((await app.ok('{ organization(slug: "no-such-org") { id } }')).organization).toBeNull();
    const both = await app.gql('query ($id: ID) { organization(id: $id, slug: "find-me") { id } }', { id: org.id });
    expect(both.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists organizations by name with keyset pages and a total', async () => {
    const all = await app.ok('{ organizations(first: 500) { totalCount edges { node { name } } } }');
    const names: string[] = all.organizations.edges.map((edge: any) => edge.node.name);
    expect(names).toEqual([...names].sort());
    expect(all.organizations.totalCount).toBe(names.length);
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await app.ok('query ($after: String) { organizations(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }', { after })).organizations;
      walked.push(...page.edges.map((edge: any) => edge.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(names);
  });

  it('lets a MANAGE key update its own organization', async () => {
    const org = await createOrganization(app, 'Managed');
    const key = await createKey(app, [org.id], ['READ', 'MANAGE']);
    const data = await app.ok(UPDATE, { id: org.id, input: { name: 'Managed Ltd' } }, key.secret);
    expect(data.updateOrganization.name).toBe('Managed Ltd');
  });
});
