import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mention_day_rollups moves from UTC days to each organization's local dates (bucket: the date's midnight
 * written in UTC), so tables by day in the organization's own zone read one row per date and key instead of
 * 24 hour rows. Rebuilt from the 15-minute rollups, which it folds.
 */
export class LocalDayRollups1795509000000 implements MigrationInterface {
  name = 'LocalDayRollups1795509000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION crisis_require_day_zone(organization uuid, zone text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM organizations o WHERE o.id = organization AND o.timezone IS DISTINCT FROM zone) THEN
          RAISE EXCEPTION 'the time zone of organization % changed while the query was planned', organization USING ERRCODE = 'CR001';
        END IF;
        RETURN true;
      END $$`);
    await this.refold(queryRunner, "timezone('UTC', date_trunc('day', timezone(o.timezone, r.bucket)))", 'JOIN organizations o ON o.id = r.organization_id');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.refold(queryRunner, "to_timestamp(floor(extract(epoch FROM r.bucket) / 86400) * 86400)", '');
    await queryRunner.query('DROP FUNCTION crisis_require_day_zone(uuid, text)');
  }

  private async refold(queryRunner: QueryRunner, bucket: string, join: string): Promise<void> {
    await queryRunner.query('DELETE FROM mention_day_rollups');
    await queryRunner.query(`
      INSERT INTO mention_day_rollups
      SELECT r.organization_id, ${bucket}, r.incident_key, r.platform, r.language, r.sentiment_label, sum(r.volume)::int,
             sum(r.sentiment_sum), sum(r.sentiment_square_sum), sum(r.reach_sum)::bigint, sum(r.engagement_sum)::bigint,
             sum(r.weight_sum), sum(r.weighted_sentiment_sum)
        FROM mention_rollups r ${join}
       WHERE r.volume <> 0
       GROUP BY 1, 2, 3, 4, 5, 6`);
  }
}
