import type { DataSource } from 'typeorm';
import { runWithDatabaseScope } from './tenant-session';

// any constant works; it only has to be the same for every instance of this service
const MIGRATION_LOCK_KEY = 727_145_001;

/** Runs pending migrations; an advisory lock makes instances that start together run them once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  // as the login role (which owns the tables), not the application role
  return runWithDatabaseScope({ kind: 'owner' }, () => migrate(dataSource));
}

async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}
