import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organizations of an API key, readable before the request's tenant scope is known: the key lookup
 * runs on whatever scope a pooled connection has (no round trip to switch it), and returns the key's
 * organizations in the same statement to prime the request's loaders. SECURITY DEFINER reads them past the
 * tenant wall, but only those the key itself names.
 */
export class KeyOrganizations1795510000000 implements MigrationInterface {
  name = 'KeyOrganizations1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION crisis_key_organizations(key_id uuid) RETURNS SETOF organizations
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
        AS $$ SELECT o.* FROM api_keys k JOIN organizations o ON o.id = ANY (k.organization_ids) WHERE k.id = key_id $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION crisis_key_organizations(uuid)');
  }
}
