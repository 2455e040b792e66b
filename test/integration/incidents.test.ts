import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const FIELDS = 'id title phase status severity crisisType startedAt detectedAt resolvedAt firstResponseAt responseTimeSeconds keywords organization { id }';
const UPDATE = `mutation ($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { ${FIELDS} } }`;
const NOW = new Date('2026-11-20T12:00:00Z');

describe('incidents', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({ now: () => NOW });
    orgId = (await createOrganization(app, 'Acme Air')).id;
  });
  afterAll(() => app.close());

  async function read(id: string) {
    return (await app.ok(`query ($id: ID!) { incident(id: $id) { ${FIELDS} } }`, { id })).incident;
  }

  it('creates an open incident in the RESPONSE phase with MEDIUM severity and UNKNOWN crisis type', async () => {
    const id = await createIncident(app, orgId, { startedAt: '2026-10-01T10:00:00+05:30', keywords: ['delay'] });
    expect(await read(id)).toMatchObject({
      status: 'OPEN',
      phase: 'RESPONSE',
      severity: 'MEDIUM',
      crisisType: 'UNKNOWN',
      startedAt: '2026-10-01T04:30:00.000Z',
      resolvedAt: null,
      responseTimeSeconds: null,
      keywords: ['delay'],
      organization: { id: orgId },
    });
  });

  it('resolves at the current time and moves to RECOVERY when no resolvedAt is given', async () => {
    const id = await createIncident(app, orgId);
    const { updateIncident } = await app.ok(UPDATE, { id, input: { status: 'RESOLVED' } });
    expect(updateIncident).toMatchObject({ status: 'RESOLVED', phase: 'RECOVERY', resolvedAt: NOW.toISOString() });
  });

  it('reopens a resolved incident, clearing resolvedAt', async () => {
    const id = await createIncident(app, orgId);
    await app.ok(UPDATE, { id, input: { status: 'RESOLVED', resolvedAt: '2026-10-05T00:00:00Z' } });
    const { updateIncident } = await app.ok(UPDATE, { id, input: { status: 'OPEN' } });
    expect(updateIncident).toMatchObject({ status: 'OPEN', resolvedAt: null, phase: 'RESPONSE' });
  });

  it('computes responseTimeSeconds from a first response set by hand', async () => {
    const id = await createIncident(app, orgId, { startedAt: '2026-10-01T00:00:00Z' });
    const { updateIncident } = await app.ok(UPDATE, { id, input: { firstResponseAt: '2026-10-01T01:30:00Z' } });
    expect(updateIncident.responseTimeSeconds).toBe(5400);
  });

  it.each([
    ['resolvedAt before startedAt', { status: 'RESOLVED', resolvedAt: '2026-09-30T00:00:00Z' }, 'input.resolvedAt'],
    ['resolvedAt on an open incident', { resolvedAt: '2026-10-02T00:00:00Z' }, 'input.resolvedAt'],
    ['detectedAt before startedAt', { detectedAt: '2026-09-01T00:00:00Z' }, 'input.detectedAt'],
    ['firstResponseAt before startedAt', { firstResponseAt: '2026-09-01T00:00:00Z' }, 'input.firstResponseAt'],
    ['a phase moving backwards', { phase: 'PREVENTION' }, 'input.phase'],
    ['a resolved incident outside RECOVERY', { status: 'RESOLVED', phase: 'RESPONSE' }, 'input.phase'],
    ['an empty title', { title: ' ' }, 'input.title'],
  ])('rejects %s naming the field and leaves the incident unchanged', async (_label, input, field) => {
    const id = await createIncident(app, orgId, { startedAt: '2026-10-01T00:00:00Z' });
    const before = await read(id);
    const response = await app.gql(UPDATE, { id, input });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await read(id)).toEqual(before);
  });

  it('rejects an incident whose detectedAt precedes startedAt at creation', async () => {
    const response = await app.gql('mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', {
      input: { organizationId: orgId, title: 'x', startedAt: '2026-10-01T00:00:00Z', detectedAt: '2026-09-01T00:00:00Z' },
    });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.detectedAt' });
  });

  it('rejects a date-time that is not ISO 8601 with a 4xx', async () => {
    const response = await app.gql('mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', {
      input: { organizationId: orgId, title: 'x', startedAt: 'yesterday' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain('startedAt');
  });

  it('lists incidents newest first, filtered by status, with pages and totals', async () => {
    const org = await createOrganization(app, 'Busy Org');
    const ids: string[] = [];
    for (let day = 1; day <= 5; day += 1) ids.push(await createIncident(app, org.id, { startedAt: `2026-10-0${day}T00:00:00Z` }));
    await app.ok(UPDATE, { id: ids[0], input: { status: 'RESOLVED' } });
    const open = await app.ok('query ($org: ID!) { incidents(organizationId: $org, status: OPEN, first: 2) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }', { org: org.id });
    expect(open.incidents.totalCount).toBe(4);
    expect(open.incidents.edges.map((e: any) => e.node.id)).toEqual([ids[4], ids[3]]);
    const next = await app.ok('query ($org: ID!, $after: String) { incidents(organizationId: $org, status: OPEN, first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }', { org: org.id, after: open.incidents.pageInfo.endCursor });
    expect(next.incidents.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(next.incidents.pageInfo.hasNextPage).toBe(false);
    const nested = await app.ok('query ($org: ID!) { organization(id: $org) { incidents(status: RESOLVED) { totalCount edges { node { id } } } } }', { org: org.id });
    expect(nested.organization.incidents).toEqual({ totalCount: 1, edges: [{ node: { id: ids[0] } }] });
  });

  it('answers NOT_FOUND for an unknown organization when the admin lists incidents', async () => {
    const response = await app.gql('{ incidents(organizationId: "00000000-0000-4000-8000-000000000000") { totalCount } }');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
