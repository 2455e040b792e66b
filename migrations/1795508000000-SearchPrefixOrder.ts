import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * searchInfluencers reads prefix matches in index order and stops at the page size. text_pattern_ops indexes
 * serve LIKE 'x%' but not ORDER BY, so at a million authors a short prefix sorted every match; B-trees in
 * the "C" collation serve both.
 */
export class SearchPrefixOrder1795508000000 implements MigrationInterface {
  name = 'SearchPrefixOrder1795508000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_influencers_handle_prefix"');
    await queryRunner.query('DROP INDEX "public"."ix_influencers_display_name_prefix"');
    await queryRunner.query('CREATE INDEX "ix_influencers_handle_prefix" ON "influencers" (("handle_key" COLLATE "C"))');
    await queryRunner.query('CREATE INDEX "ix_influencers_display_name_prefix" ON "influencers" ((lower("display_name") COLLATE "C"))');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_influencers_display_name_prefix"');
    await queryRunner.query('DROP INDEX "public"."ix_influencers_handle_prefix"');
    await queryRunner.query('CREATE INDEX "ix_influencers_handle_prefix" ON "influencers" ("handle_key" text_pattern_ops)');
    await queryRunner.query('CREATE INDEX "ix_influencers_display_name_prefix" ON "influencers" (lower("display_name") text_pattern_ops)');
  }
}
