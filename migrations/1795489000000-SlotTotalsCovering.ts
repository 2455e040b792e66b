import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SlotTotalsCovering1795489000000 implements MigrationInterface {
  name = 'SlotTotalsCovering1795489000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_mention_slot_totals_covering" ON "mention_slot_totals" ("organization_id", "bucket") INCLUDE ("incident_key", "volume", "positive", "neutral", "negative", "media_coverage", "sentiment_sum", "sentiment_square_sum", "reach_sum", "engagement_sum", "weight_sum", "weighted_sentiment_sum")',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_mention_slot_totals_covering"');
  }
}
