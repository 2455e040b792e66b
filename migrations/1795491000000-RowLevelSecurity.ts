import type { MigrationInterface, QueryRunner } from 'typeorm';

// tables whose every row belongs to one organization (column organization_id; organizations: id)
const TENANT_TABLES = [
  'alert_episodes',
  'alerts',
  'incidents',
  'mention_author_rollups',
  'mention_rollups',
  'mention_slot_totals',
  'mentions',
  'metric_observations',
  'organization_influencers',
];

/**
 * Row-level security as the second tenant wall (src/db/tenant-session.ts sets role and organizations on
 * every connection). Roles belong to the whole cluster, so the role is created only where missing, and the
 * login that runs migrations is made a member so that it can switch to it.
 */
export class RowLevelSecurity1795491000000 implements MigrationInterface {
  name = 'RowLevelSecurity1795491000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crisis_app') THEN
          BEGIN
            CREATE ROLE crisis_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'The database user % cannot create the application role crisis_app.', current_user
              USING HINT = 'Run once as a superuser: CREATE ROLE crisis_app NOLOGIN NOBYPASSRLS; GRANT crisis_app TO ' || current_user || '; or give this user CREATEROLE.';
          END;
        END IF;
        IF NOT pg_has_role(current_user, 'crisis_app', 'MEMBER') THEN
          BEGIN
            EXECUTE format('GRANT crisis_app TO %I', current_user);
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'The database user % cannot switch to the application role crisis_app.', current_user
              USING HINT = 'Run once as a superuser: GRANT crisis_app TO ' || current_user || ';';
          END;
        END IF;
      END
      $$`);
    await queryRunner.query('GRANT USAGE ON SCHEMA public TO crisis_app');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO crisis_app');
    await queryRunner.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO crisis_app');
    // tables of later migrations are usable without another grant
    await queryRunner.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO crisis_app');
    await queryRunner.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO crisis_app');

    // NULLIF: a setting never made on this connection reads back '' (not NULL) once any transaction set it
    await queryRunner.query(`
      CREATE FUNCTION crisis_sees_all_organizations() RETURNS boolean LANGUAGE sql STABLE
      AS $$ SELECT coalesce(current_setting('app.all_organizations', true), '') = 'on' $$`);
    await queryRunner.query(`
      CREATE FUNCTION crisis_visible_organizations() RETURNS uuid[] LANGUAGE sql STABLE
      AS $$ SELECT coalesce(string_to_array(NULLIF(current_setting('app.organization_ids', true), ''), ',')::uuid[], '{}') $$`);
    // (SELECT f()) makes each an InitPlan: evaluated once per statement, not once per row
    const wall = (column: string) => `(SELECT crisis_sees_all_organizations()) OR ${column} = ANY ((SELECT crisis_visible_organizations())::uuid[])`;
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "tenant_wall" ON "${table}" TO crisis_app USING (${wall('organization_id')}) WITH CHECK (${wall('organization_id')})`);
    }
    await queryRunner.query('ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY');
    await queryRunner.query(`CREATE POLICY "tenant_wall" ON "organizations" TO crisis_app USING (${wall('id')}) WITH CHECK (${wall('id')})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES, 'organizations']) {
      await queryRunner.query(`DROP POLICY "tenant_wall" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query('DROP FUNCTION crisis_visible_organizations()');
    await queryRunner.query('DROP FUNCTION crisis_sees_all_organizations()');
    await queryRunner.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM crisis_app');
    await queryRunner.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM crisis_app');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM crisis_app');
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM crisis_app');
    await queryRunner.query('REVOKE USAGE ON SCHEMA public FROM crisis_app');
  }
}
