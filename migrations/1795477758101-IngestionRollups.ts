import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IngestionRollups1795477758101 implements MigrationInterface {
  name = 'IngestionRollups1795477758101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mention_rollups\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"platform\" character varying(16) NOT NULL, \"language\" character varying(16) NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"volume\" integer NOT NULL DEFAULT '0', \"sentiment_sum\" numeric NOT NULL DEFAULT '0', \"sentiment_square_sum\" numeric NOT NULL DEFAULT '0', \"reach_sum\" bigint NOT NULL DEFAULT '0', \"engagement_sum\" bigint NOT NULL DEFAULT '0', \"weight_sum\" numeric NOT NULL DEFAULT '0', \"weighted_sentiment_sum\" numeric NOT NULL DEFAULT '0', CONSTRAINT \"PK_0dd95dd338de8f9bedd3ca01337\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\", \"platform\", \"language\", \"sentiment_label\"))");
    await queryRunner.query("CREATE TABLE \"mention_author_rollups\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"platform\" character varying(16) NOT NULL, \"language\" character varying(16) NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"author_id\" uuid NOT NULL, \"mentions\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_ac267696f219fac549409454be4\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\", \"platform\", \"language\", \"sentiment_label\", \"author_id\"))");
    await queryRunner.query("ALTER TABLE \"influencers\" ADD \"profile_observed_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"mentions\" ADD \"incident_source\" character varying(8)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"mentions\" DROP COLUMN \"incident_source\"");
    await queryRunner.query("ALTER TABLE \"influencers\" DROP COLUMN \"profile_observed_at\"");
    await queryRunner.query("DROP TABLE \"mention_author_rollups\"");
    await queryRunner.query("DROP TABLE \"mention_rollups\"");
  }
}
