import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RollupTiers1795507394127 implements MigrationInterface {
  name = 'RollupTiers1795507394127';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mention_hour_rollups\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"platform\" character varying(16) NOT NULL, \"language\" character varying(16) NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"volume\" integer NOT NULL DEFAULT '0', \"sentiment_sum\" numeric NOT NULL DEFAULT '0', \"sentiment_square_sum\" numeric NOT NULL DEFAULT '0', \"reach_sum\" bigint NOT NULL DEFAULT '0', \"engagement_sum\" bigint NOT NULL DEFAULT '0', \"weight_sum\" numeric NOT NULL DEFAULT '0', \"weighted_sentiment_sum\" numeric NOT NULL DEFAULT '0', CONSTRAINT \"PK_506c0c355ea30e0eb8c53a21783\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\", \"platform\", \"language\", \"sentiment_label\"))");
    await queryRunner.query("CREATE TABLE \"mention_day_rollups\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"platform\" character varying(16) NOT NULL, \"language\" character varying(16) NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"volume\" integer NOT NULL DEFAULT '0', \"sentiment_sum\" numeric NOT NULL DEFAULT '0', \"sentiment_square_sum\" numeric NOT NULL DEFAULT '0', \"reach_sum\" bigint NOT NULL DEFAULT '0', \"engagement_sum\" bigint NOT NULL DEFAULT '0', \"weight_sum\" numeric NOT NULL DEFAULT '0', \"weighted_sentiment_sum\" numeric NOT NULL DEFAULT '0', CONSTRAINT \"PK_60feddc0694af59919fc9fbf903\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\", \"platform\", \"language\", \"sentiment_label\"))");
    // databases that already hold mentions: each tier starts equal to the 15-minute rollups it folds
    for (const [table, seconds] of [['mention_hour_rollups', 3600], ['mention_day_rollups', 86400]] as const) {
      await queryRunner.query(`
        INSERT INTO ${table}
        SELECT organization_id, to_timestamp(floor(extract(epoch FROM bucket) / ${seconds}) * ${seconds}), incident_key, platform,
               language, sentiment_label, sum(volume)::int, sum(sentiment_sum), sum(sentiment_square_sum),
               sum(reach_sum)::bigint, sum(engagement_sum)::bigint, sum(weight_sum), sum(weighted_sentiment_sum)
          FROM mention_rollups
         GROUP BY 1, 2, 3, 4, 5, 6`);
      // the tenant wall of RowLevelSecurity1795491000000; grants come from its default privileges
      const wall = '(SELECT crisis_sees_all_organizations()) OR organization_id = ANY ((SELECT crisis_visible_organizations())::uuid[])';
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "tenant_wall" ON "${table}" TO crisis_app USING (${wall}) WITH CHECK (${wall})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"mention_day_rollups\"");
    await queryRunner.query("DROP TABLE \"mention_hour_rollups\"");
  }
}
