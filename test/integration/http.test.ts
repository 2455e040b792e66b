import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithDatabaseScope } from '../../src/db/tenant-session';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the HTTP surface', () => {
  let app: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ logLines });
  });
  afterAll(() => app.close());

  const base = () => app.url.replace(/\/graphql$/, '');

  it('reports the process up on /healthz and the database ready on /readyz', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers malformed JSON with a 400 in GraphQL error shape', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminKey}` }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a syntax error and an unknown enum literal with 400 BAD_USER_INPUT', async () => {
    const syntax = await app.gql('{ viewer { id ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const enumLiteral = await app.gql('{ incidents(organizationId: "00000000-0000-4000-8000-000000000000", status: CLOSED) { totalCount } }');
    expect(enumLiteral.status).toBe(400);
    expect(enumLiteral.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(enumLiteral.body.errors?.[0]?.message).toContain('CLOSED');
  });

  it('answers an unknown enum in variables with 400 BAD_USER_INPUT naming the variable', async () => {
    const response = await app.gql('query ($status: IncidentStatus) { incidents(organizationId: "00000000-0000-4000-8000-000000000000", status: $status) { totalCount } }', { status: 'CLOSED' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain('$status');
  });

  it('refuses subscriptions over HTTP with a pointer to WebSocket, even ones graphql-js cannot validate', async () => {
    for (const query of ['subscription { ...F @skip(if: $v) } fragment F on Subscription { alertRaised(organizationId: "x") { id } }', 'subscription ($v: Boolean!) { alertRaised(organizationId: "x") @include(if: $v) { id } }']) {
      const response = await app.gql(query, { v: true });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toContain('WebSocket');
    }
  });

  it('answers mistakes only seen while executing with 400 BAD_USER_INPUT (found by the fuzz test)', async () => {
    const nullDefault = await app.gql('query ($id: ID!, $days: Int) { reputationDelta(incidentId: $id, baselineDays: $days) { recovered } }', { id: '', days: null });
    expect(nullDefault.status).toBe(400);
    expect(nullDefault.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(nullDefault.body.errors?.[0]?.message).toContain('baselineDays');
    const nul = await app.gql('query ($q: String!) { searchInfluencers(query: $q) { handle } }', { q: 'ab\u0000cd' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(nul.body.errors?.[0]?.message).toContain('NUL');
  });

  it('returns the request id in extensions and in the x-request-id header', async () => {
    const response = await app.gql('query Who { viewer { id } }');
    expect(response.body.extensions?.requestId).toEqual(expect.any(String));
    expect(response.headers.get('x-request-id')).toBe(response.body.extensions?.requestId);
  });

  it('logs one line per request with id, duration and operation name, and never the key', async () => {
    const org = await createOrganization(app, 'Logged Org');
    const key = await createKey(app, [org.id], ['READ']);
    const response = await app.gql('query NamedForTheLog { viewer { id } }', {}, key.secret);
    const requestId = response.body.extensions?.requestId as string;
    await expect.poll(() => logLines.some((line) => line.includes(requestId))).toBe(true);
    const line = JSON.parse(logLines.find((l) => l.includes(requestId))!);
    expect(line).toMatchObject({ requestId, operationName: 'NamedForTheLog', status: 200, method: 'POST' });
    expect(line.durationMs).toEqual(expect.any(Number));
    const everything = logLines.join('\n');
    expect(everything).not.toContain(key.secret);
    expect(everything).not.toContain(app.adminKey);
  });

  it('masks unexpected failures as INTERNAL_SERVER_ERROR without internals', async () => {
    // schema changes need the owner, not the application role
    const asOwner = (sql: string) => runWithDatabaseScope({ kind: 'owner' }, () => app.dataSource.query(sql));
    await asOwner('ALTER TABLE incidents RENAME TO incidents_hidden');
    try {
      const org = await createOrganization(app, 'Broken Org');
      const response = await app.gql('query ($id: ID!) { incidents(organizationId: $id) { totalCount } }', { id: org.id });
      expect(response.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response.body)).not.toMatch(/incidents_hidden|relation|stack/i);
    } finally {
      await asOwner('ALTER TABLE incidents_hidden RENAME TO incidents');
    }
  });
});
