/**
 * Writes migrations/<timestamp>-<Name>.ts with the SQL that brings a migrated database in line with the
 * entities (what `typeorm migration:generate` does, without needing ts-node). With --check it writes
 * nothing and exits 1 when entities and migrations disagree.
 *   npm run migration:generate -- AddAlerts      npm run migration:check
 * Uses DATABASE_URL, or a throw-away embedded PostgreSQL when it is unset.
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { runMigrations } from '../src/db/migrate';
import { pendingSchemaChanges, type SchemaStatement } from '../src/db/schema-drift';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((arg) => !arg.startsWith('--'));
  if (!check && (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))) {
    throw new Error('Give the migration a PascalCase name: npm run migration:generate -- AddAlerts');
  }
  const logger = pino({ level: 'warn' });
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: mkdtempSync(path.join(tmpdir(), 'crisis-migrate-')),
        port: 54000 + Math.floor(Math.random() * 900),
        database: 'crisis',
        persistent: false,
        logger,
      });
  const dataSource = createDataSource({
    url: process.env.DATABASE_URL ?? embedded!.url,
    poolSize: 2,
    statementTimeoutMs: 60_000,
  });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const { up, down } = await pendingSchemaChanges(dataSource);
    if (check) {
      if (up.length > 0) {
        console.error(`Entities and migrations disagree; a new migration would run:\n${up.map((statement) => statement.query).join('\n')}`);
        process.exitCode = 1;
      } else {
        console.log('Entities and migrations agree.');
      }
      return;
    }
    if (up.length === 0) {
      console.log('No changes: entities and migrations agree.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = path.resolve('migrations', `${timestamp}-${name}.ts`);
    await writeFile(file, renderMigration(className, up, down));
    console.log(`Wrote ${path.relative(process.cwd(), file)}: review it, then add ${className} to migrations/index.ts`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

function renderMigration(className: string, up: SchemaStatement[], down: SchemaStatement[]): string {
  const lines = (statements: SchemaStatement[]) =>
    statements
      .map(({ query, parameters }) =>
        parameters
          ? `    await queryRunner.query(${JSON.stringify(query)}, ${JSON.stringify(parameters)});`
          : `    await queryRunner.query(${JSON.stringify(query)});`,
      )
      .join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
