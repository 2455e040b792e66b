import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, runWithDatabaseScope } from '../../src/db/tenant-session';
import { createIncident, createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { inserted rejected } }`;

function mentions(prefix: string, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    platform: 'TWITTER',
    externalId: `${prefix}-${index}`,
    text: `service outage again ${index}`,
    postedAt: new Date(Date.UTC(2026, 10, 3, 10, index)).toISOString(),
    author: { handle: `${prefix}_author_${index % 3}` },
    reach: 100 + index,
  }));
}

const TENANT_TABLES = ['alert_episodes', 'alerts', 'incidents', 'mention_author_rollups', 'mention_day_platform_rollups', 'mention_day_rollups', 'mention_hour_rollups', 'mention_rollups', 'mention_slot_totals', 'mentions', 'metric_observations', 'organization_influencers'];

describe('row-level security: the tenant wall inside PostgreSQL', () => {
  let app: TestApp;
  let orgA: string;
  let orgB: string;
  let keyA: string;

  beforeAll(async () => {
    app = await startTestApp();
    orgA = (await createOrganization(app, 'Wall Air A')).id;
    orgB = (await createOrganization(app, 'Wall Air B')).id;
    keyA = (await createKey(app, [orgA], ['READ', 'INGEST', 'MANAGE'])).secret;
    const keyB = (await createKey(app, [orgB], ['READ', 'INGEST', 'MANAGE'])).secret;
    await createIncident(app, orgA, { title: 'A outage', keywords: ['outage'] });
    await createIncident(app, orgB, { title: 'B outage', keywords: ['outage'] });
    expect((await app.ok(INGEST, { org: orgA, mentions: mentions('a', 12) }, keyA)).ingestMentions.inserted).toBe(12);
    expect((await app.ok(INGEST, { org: orgB, mentions: mentions('b', 7) }, keyB)).ingestMentions.inserted).toBe(7);
    await app.ok(`mutation ($org: ID!) { recordMetrics(organizationId: $org, observations: [{ key: "SALES", value: 3, observedAt: "2026-11-03T00:00:00Z" }]) { accepted } }`, { org: orgB }, keyB);
  });
  afterAll(() => app.close());

  it('runs statements as a role that owns no tables and cannot bypass the policies', async () => {
    const [role] = await app.dataSource.query('SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned = await app.dataSource.query('SELECT tablename FROM pg_tables WHERE tableowner = $1', [APP_ROLE]);
    expect(owned).toEqual([]);
    const [session] = await runWithDatabaseScope({ kind: 'organizations', ids: [orgA] }, () => app.dataSource.query('SELECT current_user AS role'));
    expect(session.role).toBe(APP_ROLE);
    const unprotected = await app.dataSource.query(
      `SELECT c.relname FROM pg_class c WHERE c.relname = ANY($1) AND NOT c.relrowsecurity`,
      [[...TENANT_TABLES, 'organizations']],
    );
    expect(unprotected).toEqual([]);
  });

  it('gives a deliberately unscoped query only the current tenant’s rows, in every tenant table', async () => {
    await runWithDatabaseScope({ kind: 'organizations', ids: [orgA] }, async () => {
      for (const table of TENANT_TABLES) {
        const rows: Array<{ organization_id: string }> = await app.dataSource.query(`SELECT DISTINCT organization_id FROM ${table}`);
        expect(rows.every((row) => row.organization_id === orgA), table).toBe(true);
      }
      expect(await app.dataSource.query('SELECT id FROM organizations')).toEqual([{ id: orgA }]);
      expect(Number((await app.dataSource.query('SELECT count(*) FROM mentions'))[0].count)).toBe(12);
    });
    // the same statement with all organizations in scope sees both
    const both: Array<{ organization_id: string }> = await app.dataSource.query('SELECT DISTINCT organization_id FROM mentions ORDER BY 1');
    expect(both.map((row) => row.organization_id).sort()).toEqual([orgA, orgB].sort());
  });

  it('refuses to write rows of another tenant, and shows nothing to a scope with no organizations', async () => {
    await runWithDatabaseScope({ kind: 'organizations', ids: [orgA] }, async () => {
      await expect(
        app.dataSource.query(`INSERT INTO metric_observations (organization_id, key, value, observed_at) VALUES ($1, 'SALES', 1, now())`, [orgB]),
      ).rejects.toThrow(/row-level security/);
      const updated = await app.dataSource.query(`UPDATE mentions SET reach = 0 WHERE organization_id = $1`, [orgB]);
      expect(updated[1]).toBe(0);
    });
    await runWithDatabaseScope({ kind: 'organizations', ids: [] }, async () => {
      expect(await app.dataSource.query('SELECT id FROM mentions LIMIT 1')).toEqual([]);
    });
    const untouched = await app.dataSource.query('SELECT count(*) FILTER (WHERE reach = 0) AS zeroed FROM mentions WHERE organization_id = $1', [orgB]);
    expect(Number(untouched[0].zeroed)).toBe(0);
  });

  it('scopes every API request to its key in the database itself', async () => {
    // a probe the test installs as the owner: each mention insert records the role and scope it ran under
    await runWithDatabaseScope({ kind: 'owner' }, async () => {
      await app.dataSource.query('CREATE TABLE rls_probe (role text, organizations text, everything text)');
      await app.dataSource.query(`GRANT INSERT, SELECT ON rls_probe TO ${APP_ROLE}`);
      await app.dataSource.query(`CREATE FUNCTION rls_probe_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          INSERT INTO rls_probe VALUES (current_user, current_setting('app.organization_ids', true), current_setting('app.all_organizations', true)); RETURN NEW; END $$`);
      await app.dataSource.query('CREATE TRIGGER rls_probe AFTER INSERT ON mentions FOR EACH STATEMENT EXECUTE FUNCTION rls_probe_record()');
    });
    await app.ok(INGEST, { org: orgA, mentions: mentions('probe-key', 2) }, keyA);
    await app.ok(INGEST, { org: orgB, mentions: mentions('probe-admin', 2) });
    const probes = await app.dataSource.query('SELECT role, organizations, everything FROM rls_probe');
    expect(probes).toEqual([
      { role: APP_ROLE, organizations: orgA, everything: 'off' },
      { role: APP_ROLE, organizations: '', everything: 'on' },
    ]);
  });
});
