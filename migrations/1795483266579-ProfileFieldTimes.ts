import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProfileFieldTimes1795483266579 implements MigrationInterface {
  name = 'ProfileFieldTimes1795483266579';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"influencers\" ADD \"display_name_observed_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"influencers\" ADD \"followers_observed_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"influencers\" ADD \"verified_observed_at\" TIMESTAMP WITH TIME ZONE");
    // hand-written: profiles stored so far were observed as a whole
    await queryRunner.query('UPDATE influencers SET display_name_observed_at = profile_observed_at, followers_observed_at = profile_observed_at, verified_observed_at = profile_observed_at');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"influencers\" DROP COLUMN \"verified_observed_at\"");
    await queryRunner.query("ALTER TABLE \"influencers\" DROP COLUMN \"followers_observed_at\"");
    await queryRunner.query("ALTER TABLE \"influencers\" DROP COLUMN \"display_name_observed_at\"");
  }
}
