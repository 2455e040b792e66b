import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SlotTotals1795487087352 implements MigrationInterface {
  name = 'SlotTotals1795487087352';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mention_slot_totals\" (\"organization_id\" uuid NOT NULL, \"bucket\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_key\" uuid NOT NULL, \"volume\" integer NOT NULL DEFAULT '0', \"positive\" integer NOT NULL DEFAULT '0', \"neutral\" integer NOT NULL DEFAULT '0', \"negative\" integer NOT NULL DEFAULT '0', \"media_coverage\" integer NOT NULL DEFAULT '0', \"sentiment_sum\" numeric NOT NULL DEFAULT '0', \"sentiment_square_sum\" numeric NOT NULL DEFAULT '0', \"reach_sum\" bigint NOT NULL DEFAULT '0', \"engagement_sum\" bigint NOT NULL DEFAULT '0', \"weight_sum\" numeric NOT NULL DEFAULT '0', \"weighted_sentiment_sum\" numeric NOT NULL DEFAULT '0', CONSTRAINT \"PK_a4d7b8e58118831b71a606cd3af\" PRIMARY KEY (\"organization_id\", \"bucket\", \"incident_key\"))");
    // databases that already hold mentions: the new tier starts equal to the rollups it folds
    await queryRunner.query(`
      INSERT INTO mention_slot_totals
      SELECT organization_id, bucket, incident_key, sum(volume)::int,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'POSITIVE'), 0)::int,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'NEUTRAL'), 0)::int,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'NEGATIVE'), 0)::int,
             COALESCE(sum(volume) FILTER (WHERE platform = 'NEWS'), 0)::int,
             sum(sentiment_sum), sum(sentiment_square_sum), sum(reach_sum)::bigint, sum(engagement_sum)::bigint,
             sum(weight_sum), sum(weighted_sentiment_sum)
        FROM mention_rollups
       GROUP BY organization_id, bucket, incident_key`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"mention_slot_totals\"");
  }
}
