import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('production mode (NODE_ENV=production)', () => {
  let app: TestApp;
  let withIntrospection: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ config: { NODE_ENV: 'production', INTROSPECTION: undefined } });
    withIntrospection = await startTestApp({ sameDatabaseAs: app, config: { NODE_ENV: 'production', INTROSPECTION: true } });
  });
  afterAll(async () => {
    await withIntrospection.close();
    await app.close();
  });

  it('gives no field suggestions that would spell out the schema', async () => {
    const response = await app.gql('{ viewer { nme } organizatio(id: "x") { id } }');
    expect(response.status).toBe(400);
    const messages = response.body.errors!.map((error) => error.message).join(' ');
    expect(messages).toContain('nme');
    expect(messages).not.toMatch(/Did you mean/i);
    expect(messages).not.toContain('organization');
  });

  it('sends no stack traces', async () => {
    const response = await app.gql('{ viewer { id ');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
  });

  it('turns introspection off unless INTROSPECTION=true', async () => {
    const refused = await app.gql('{ __schema { queryType { name } } }');
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await withIntrospection.gql('{ __schema { queryType { name } } }');
    expect(allowed.body.data?.__schema?.queryType?.name).toBe('Query');
  });

  it('refuses requests a browser could send cross-site without a preflight (CSRF)', async () => {
    const query = encodeURIComponent('{ viewer { id } }');
    const simpleGet = await fetch(`${app.url}?query=${query}`, { headers: { authorization: `Bearer ${app.adminKey}` } });
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/CSRF|preflight/i);
    const textPost = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${app.adminKey}` }, body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect(textPost.status).toBeGreaterThanOrEqual(400);
    expect(textPost.status).toBeLessThan(500);
    const preflighted = await fetch(`${app.url}?query=${query}`, { headers: { authorization: `Bearer ${app.adminKey}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(((await preflighted.json()) as any).data.viewer.id).toBe('admin');
  });
});
