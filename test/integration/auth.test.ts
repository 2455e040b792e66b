import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

describe('API keys and access', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp();
    orgId = (await createOrganization(app, 'Acme Air')).id;
  });
  afterAll(() => app.close());

  it('answers a request without a key with UNAUTHENTICATED and HTTP 401', async () => {
    const response = await app.gql('{ viewer { id } }', {}, null);
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a made-up key, including one shaped like a real key', async () => {
    const fake = `crk_${'0'.repeat(32)}_${'A'.repeat(43)}`;
    for (const key of ['nonsense', fake]) {
      const response = await app.gql('{ viewer { id } }', {}, key);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('shows the secret once and stores only its hash', async () => {
    const key = await createKey(app, [orgId], ['READ']);
    expect(key.secret).toMatch(/^crk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const rows = await app.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [key.id]);
    expect(JSON.stringify(rows)).not.toContain(key.secret.slice(-43));
    expect(rows[0].secret_hash).toHaveLength(32);
  });

  it('describes the key to itself through viewer', async () => {
    const key = await createKey(app, [orgId], ['READ']);
    const data = await app.ok('{ viewer { id isAdmin scopes organizations { id name } } }', {}, key.secret);
    expect(data.viewer).toEqual({ id: key.id, isAdmin: false, scopes: ['READ'], organizations: [{ id: orgId, name: 'Acme Air' }] });
  });

  it('stops a revoked key on its very next request', async () => {
    const key = await createKey(app, [orgId], ['READ']);
    await app.ok('{ viewer { id } }', {}, key.secret);
    expect((await app.ok('mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: key.id })).revokeApiKey).toBe(true);
    const response = await app.gql('{ viewer { id } }', {}, key.secret);
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.message).toContain('revoked');
  });

  it('refuses writes to a READ-only key with FORBIDDEN', async () => {
    const key = await createKey(app, [orgId], ['READ']);
    const response = await app.gql(
      'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }',
      { input: { organizationId: orgId, title: 'x', startedAt: '2026-01-01T00:00:00Z' } },
      key.secret,
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.status).toBe(403);
    expect(await app.dataSource.query('SELECT * FROM incidents')).toHaveLength(0);
  });

  it('lets only the admin key create organizations', async () => {
    const key = await createKey(app, [orgId], ['READ', 'MANAGE']);
    const response = await app.gql('mutation { createOrganization(input: { name: "Rogue" }) { id } }', {}, key.secret);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await app.dataSource.query(`SELECT * FROM organizations WHERE name = 'Rogue'`)).toHaveLength(0);
  });

  it('lets a MANAGE key create keys for its own organizations, never wider ones', async () => {
    const other = await createOrganization(app, 'Other Org');
    const manager = await createKey(app, [orgId], ['READ', 'MANAGE']);
    const child = await createKey(app, [orgId], ['READ'], manager.secret);
    expect((await app.ok('{ viewer { scopes } }', {}, child.secret)).viewer.scopes).toEqual(['READ']);

    const wider = await app.gql(
      'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { name: 'wider', organizationIds: [other.id], scopes: ['READ'] } },
      manager.secret,
    );
    expect(wider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const moreScopes = await app.gql(
      'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { name: 'more', organizationIds: [orgId], scopes: ['INGEST'] } },
      manager.secret,
    );
    expect(moreScopes.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records when a key was last used', async () => {
    const key = await createKey(app, [orgId], ['READ']);
    await app.ok('{ viewer { id } }', {}, key.secret);
    await expect
      .poll(async () => (await app.dataSource.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]))[0].last_used_at)
      .not.toBeNull();
  });
});
