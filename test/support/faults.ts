import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { inject } from 'vitest';
import { databaseUrl } from '../../src/db/database-url';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded-postgres';
import { withAdmin } from './global-setup';

/**
 * A PostgreSQL of the test's own (embedded, temp folder, free port), for tests that stop and start the
 * database: the run's shared server is never touched. `stop()`/`start()` keep the data and the port, so
 * clients reconnect to the same URL.
 */
export interface OwnPostgres {
  /** URL of a database on this server. */
  url(database: string): string;
  /** Fast shutdown (SIGINT): sessions are terminated, open transactions roll back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(database: string): Promise<OwnPostgres> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crisis-faults-'));
  const port = await freePort();
  const logger = pino({ level: 'silent' });
  const boot = () => startEmbeddedPostgres({ dataDir, port, database, persistent: true, logger });
  let running: RunningPostgres | null = await boot();
  const serverUrl = running.url;
  return {
    url: (name) => databaseUrl(serverUrl, name),
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      running ??= await boot();
    },
    async destroy() {
      await running?.stop();
      running = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** POSTs GraphQL to a server; `timeoutMs` turns a hang into a failed test instead of a stuck one. */
export async function postGraphQL(url: string, key: string, query: string, variables: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as HttpAnswer['body'] };
}

/** The shape every database outage must have for clients: 503, Retry-After, SERVICE_UNAVAILABLE, retryable. */
export function unavailableShapeProblems(answer: HttpAnswer): string[] {
  const problems: string[] = [];
  const errors = answer.body.errors ?? [];
  if (answer.status !== 503) problems.push(`HTTP ${answer.status}, not 503`);
  const retryAfter = Number(answer.headers.get('retry-after'));
  if (!(retryAfter >= 1)) problems.push(`Retry-After ${answer.headers.get('retry-after')}`);
  if (errors.length === 0) problems.push('no errors');
  for (const error of errors) {
    if (error.extensions?.code !== 'SERVICE_UNAVAILABLE') problems.push(`code ${error.extensions?.code}: ${error.message}`);
    else if (error.extensions.retryable !== true) problems.push('not marked retryable');
    else if (!/retry/i.test(error.message)) problems.push(`message does not say to retry: ${error.message}`);
  }
  return problems;
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of the test's own on the run's server: a copy of the migrated template, or empty. */
export async function scratchDatabase(kind: 'migrated' | 'empty'): Promise<ScratchDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const template = inject('templateDatabase');
  const name = `${template}_faults_${randomBytes(5).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(kind === 'migrated' ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
