import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the GraphQL-over-HTTP audit suite (graphql-http)', () => {
  let app: TestApp;
  let results: AuditResult[];

  beforeAll(async () => {
    app = await startTestApp();
    // the audits send no key; every request here carries the admin key, as a client of this API would
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${app.adminKey}`);
      return fetch(input, { ...init, headers });
    };
    results = await auditServer({ url: app.url, fetchFn });
  });
  afterAll(() => app.close());

  it('passes every MUST audit', () => {
    const failedMusts = results.filter((result) => result.name.startsWith('MUST') && result.status !== 'ok');
    expect(failedMusts.map((result) => `${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    expect(results.filter((result) => result.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
  });

  it('warns only where SECURITY.md says why', () => {
    const warnings = results.filter((result) => result.status !== 'ok').map((result) => result.id).sort();
    // ids listed in SECURITY.md, "GraphQL over HTTP audit", with the reason each is accepted
    expect(warnings).toEqual(ACCEPTED_WARNINGS);
  });
});

const ACCEPTED_WARNINGS = [
  // MAY accept GET requests without a preflight-forcing header: CSRF prevention refuses them (send
  // `apollo-require-preflight: true` or `content-type: application/json` with a GET)
  '5A70',
  '6A70',
  'D6D5',
  // SHOULD answer parse, validation and variable-coercion failures with 200 under application/json:
  // API.md promises a 4xx for every client mistake, so BI tools and scripts see failures by status alone
  '572B',
  '7B9B',
  'FDE2',
].sort();
