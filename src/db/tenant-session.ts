import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The role every application statement runs as: it owns no tables and cannot bypass row-level security. */
export const APP_ROLE = 'crisis_app';

/**
 * Whose rows the database lets a statement see (the second tenant wall, behind the app's own predicates):
 * - `organizations`: a key's granted organizations only;
 * - `all`: the admin key, and work outside any request (live feeds, seeds, imports);
 * - `owner`: the login role itself, for migrations only;
 * - `unwalled`: whatever the connection already has, for statements on tables without a tenant wall
 *   (api_keys, rate_limits) that run before a request's scope is known: they then cost no round trip to
 *   switch a connection's scope, nor switch it away from the scope the request's own statements need.
 */
export type DatabaseScope = { kind: 'owner' } | { kind: 'all' } | { kind: 'organizations'; ids: readonly string[] } | { kind: 'unwalled' };

const ALL: DatabaseScope = { kind: 'all' };

interface ScopeHolder {
  scope: DatabaseScope;
}

const storage = new AsyncLocalStorage<ScopeHolder>();

/** Runs `work` (and everything it starts) under `scope`. */
export function runWithDatabaseScope<T>(scope: DatabaseScope, work: () => T): T {
  return storage.run({ scope }, work);
}

/**
 * Narrows the scope of the work already running under runWithDatabaseScope: a request starts as `all` (to
 * read its key) and is narrowed to the key's organizations once the key is known.
 */
export function narrowDatabaseScope(scope: DatabaseScope): void {
  const holder = storage.getStore();
  if (holder) holder.scope = scope;
}

function currentScope(): DatabaseScope {
  return storage.getStore()?.scope ?? ALL;
}

function scopeKey(scope: DatabaseScope): string {
  return scope.kind === 'organizations' ? `organizations:${[...scope.ids].sort().join(',')}` : scope.kind;
}

/**
 * Every connection the pool hands out first takes on the scope of the code that asked for it: role, granted
 * organizations, or all. The settings are per session and rewritten on every checkout whose scope differs
 * from the connection's last one, so a connection never carries one tenant's scope into another's work;
 * repeated work in one scope costs no extra round trip. The scope is read when the connection is asked for,
 * not when the pool delivers it (a queued request is served from another request's release).
 */
export function enableTenantSessions(dataSource: DataSource): void {
  const pool = (dataSource.driver as PostgresDriver).master as Pool & { tenantSessions?: true };
  if (pool.tenantSessions) return;
  pool.tenantSessions = true;
  const applied = new WeakMap<PoolClient, string>();
  const guarded = new WeakSet<PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;

  const scoped = async (scope: DatabaseScope): Promise<PoolClient> => {
    const client = await connect();
    // pg-pool listens for errors only on idle clients: a server that goes away while a client is checked out
    // but between queries (a restart) would emit an 'error' nobody handles and end the process. The next query
    // on the client fails instead, and its holder releases it with that error, so the pool discards it.
    if (!guarded.has(client)) {
      guarded.add(client);
      client.on('error', () => undefined);
    }
    const key = scopeKey(scope);
    if (scope.kind === 'unwalled' || applied.get(client) === key) return client;
    try {
      await client.query(
        "SELECT set_config('role', $1, false), set_config('app.all_organizations', $2, false), set_config('app.organization_ids', $3, false)",
        [scope.kind === 'owner' ? 'none' : APP_ROLE, scope.kind === 'organizations' ? 'off' : 'on', scope.kind === 'organizations' ? scope.ids.join(',') : ''],
      );
    } catch (error) {
      applied.delete(client);
      client.release(error as Error);
      throw error;
    }
    applied.set(client, key);
    return client;
  };

  pool.connect = ((callback?: (error: Error | undefined, client: PoolClient | undefined, release: (error?: Error) => void) => void) => {
    const promise = scoped(currentScope());
    if (!callback) return promise;
    promise.then(
      (client) => callback(undefined, client, (error?: Error) => client.release(error)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
    return undefined;
  }) as Pool['connect'];
}
