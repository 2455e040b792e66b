import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchAndReplyIndexes1795487974312 implements MigrationInterface {
  name = 'SearchAndReplyIndexes1795487974312';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_mentions_owned_posted\" ON \"mentions\" (\"organization_id\", \"posted_at\") WHERE owned");
    // prefix searches of one or two characters, which trigram indexes cannot serve (written by hand: operator classes)
    await queryRunner.query('CREATE INDEX "ix_influencers_handle_prefix" ON "influencers" ("handle_key" text_pattern_ops)');
    await queryRunner.query('CREATE INDEX "ix_influencers_display_name_prefix" ON "influencers" (lower("display_name") text_pattern_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_influencers_display_name_prefix"');
    await queryRunner.query('DROP INDEX "public"."ix_influencers_handle_prefix"');
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_owned_posted\"");
  }
}
