import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimits1795490000000 implements MigrationInterface {
  name = 'RateLimits1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // request counts per key and minute, shared by every instance (rate-limiter-flexible's layout); UNLOGGED:
    // counts lost in a crash only forgive the current minute, and they are written on every request
    await queryRunner.query(
      'CREATE UNLOGGED TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_rate_limits" PRIMARY KEY ("key"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "rate_limits"');
  }
}
