import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsAlerts1795485979471 implements MigrationInterface {
  name = 'AnalyticsAlerts1795485979471';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"alerts\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"sequence\" BIGSERIAL NOT NULL, \"kind\" character varying(32) NOT NULL, \"incident_id\" uuid, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"triggered_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"metric\" character varying(32) NOT NULL, \"value\" double precision NOT NULL, \"expected\" double precision NOT NULL, \"std_dev\" double precision NOT NULL, \"z_score\" double precision NOT NULL, \"severity\" character varying(8) NOT NULL, \"severity_score\" smallint NOT NULL, \"message\" text NOT NULL, CONSTRAINT \"PK_a806cebbaf530711dd31b12dc40\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_alerts_organization_sequence\" ON \"alerts\" (\"organization_id\", \"sequence\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_alerts_sequence\" ON \"alerts\" (\"sequence\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_alerts_episode_bucket\" ON \"alerts\" (\"organization_id\", \"kind\", \"bucket\") ");
    await queryRunner.query("CREATE TABLE \"alert_episodes\" (\"organization_id\" uuid NOT NULL, \"kind\" character varying(32) NOT NULL, \"active\" boolean NOT NULL DEFAULT false, \"last_bucket\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_c43880a725c9e47253d3006d9d2\" PRIMARY KEY (\"organization_id\", \"kind\"))");
    await queryRunner.query("CREATE INDEX \"ix_mentions_shared_from\" ON \"mentions\" (\"organization_id\", \"platform\", \"shared_from_external_id\") WHERE shared_from_external_id IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"ix_mentions_in_reply_to\" ON \"mentions\" (\"organization_id\", \"platform\", \"in_reply_to_external_id\") WHERE in_reply_to_external_id IS NOT NULL");
    // written by hand: TypeORM cannot describe GIN operator classes
    await queryRunner.query('CREATE INDEX "ix_influencers_handle_trgm" ON "influencers" USING gin ("handle_key" gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX "ix_influencers_display_name_trgm" ON "influencers" USING gin (lower("display_name") gin_trgm_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_influencers_display_name_trgm"');
    await queryRunner.query('DROP INDEX "public"."ix_influencers_handle_trgm"');
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_in_reply_to\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_shared_from\"");
    await queryRunner.query("DROP TABLE \"alert_episodes\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_alerts_episode_bucket\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_alerts_sequence\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_alerts_organization_sequence\"");
    await queryRunner.query("DROP TABLE \"alerts\"");
  }
}
