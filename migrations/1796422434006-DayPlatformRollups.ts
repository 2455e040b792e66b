import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mention_day_platform_rollups: the organization's local dates with the languages folded together, for the
 * tables and filters that name no language.
 */
export class DayPlatformRollups1796422434006 implements MigrationInterface {
  name = 'DayPlatformRollups1796422434006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mention_day_platform_rollups\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"platform\" character varying(16) NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"volume\" integer NOT NULL DEFAULT '0', \"sentiment_sum\" numeric NOT NULL DEFAULT '0', \"sentiment_square_sum\" numeric NOT NULL DEFAULT '0', \"reach_sum\" bigint NOT NULL DEFAULT '0', \"engagement_sum\" bigint NOT NULL DEFAULT '0', \"weight_sum\" numeric NOT NULL DEFAULT '0', \"weighted_sentiment_sum\" numeric NOT NULL DEFAULT '0', CONSTRAINT \"PK_0f6a6405887aa949584d29e6e2a\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\", \"platform\", \"sentiment_label\"))");
    // databases that already hold mentions: the local-date tier with its languages folded together
    await queryRunner.query(`
      INSERT INTO mention_day_platform_rollups
      SELECT organization_id, bucket, incident_key, platform, sentiment_label, sum(volume)::int, sum(sentiment_sum), sum(sentiment_square_sum),
             sum(reach_sum)::bigint, sum(engagement_sum)::bigint, sum(weight_sum), sum(weighted_sentiment_sum)
        FROM mention_day_rollups
       WHERE volume <> 0
       GROUP BY 1, 2, 3, 4, 5`);
    // the tenant wall of RowLevelSecurity1795491000000; grants come from its default privileges
    const wall = '(SELECT crisis_sees_all_organizations()) OR organization_id = ANY ((SELECT crisis_visible_organizations())::uuid[])';
    await queryRunner.query('ALTER TABLE "mention_day_platform_rollups" ENABLE ROW LEVEL SECURITY');
    await queryRunner.query(`CREATE POLICY "tenant_wall" ON "mention_day_platform_rollups" TO crisis_app USING (${wall}) WITH CHECK (${wall})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"mention_day_platform_rollups\"");
  }
}
