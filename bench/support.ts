import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import WebSocket from 'ws';
import pino from 'pino';
import { createDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded-postgres';
import { runMigrations } from '../src/db/migrate';
import { databaseUrl } from '../src/db/database-url';

/** A PostgreSQL server for a benchmark: BENCH_DATABASE_URL, or an embedded one in a temp folder. */
export async function benchServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  const embedded: RunningPostgres = await startEmbeddedPostgres({
    dataDir: mkdtempSync(path.join(tmpdir(), 'crisis-bench-')),
    port: 56000 + Math.floor(Math.random() * 3000),
    database: 'crisis_bench',
    persistent: false,
    logger: pino({ level: 'silent' }),
  });
  return { url: embedded.url, stop: () => embedded.stop() };
}

/** A fresh, migrated database on the server. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(serverUrl, name);
  const dataSource = createDataSource({ url, poolSize: 2, statementTimeoutMs: 600_000 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  return url;
}

/** Drops the benchmark's databases again (a shared server keeps no leftovers). */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resident memory of a process in bytes (Linux /proc), or null elsewhere. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's resident memory every `everyMs` until stopped. */
export function sampleMemory(pid: number, everyMs = 500): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const bytes = residentBytes(pid);
    if (bytes !== null) samples.push(bytes);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** The node flags `npm start` runs the server with (package.json), so benches measure the same process. */
export function startNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(manifest.scripts.start ?? '');
  if (!match) throw new Error('package.json: the start script no longer runs `node [flags] dist/src/main.js`');
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The V8 inspector's WebSocket, when started with `inspect` (see collectGarbage). */
  inspectorUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s server as a child process and waits for its URL: from source through tsx, or from the
 * compiled dist/ (`npm run build` first) exactly as `npm start` runs it.
 * With `inspect`, the V8 inspector listens on a free local port (for collectGarbage).
 */
export async function startServerProcess(
  env: Record<string, string>,
  from: 'source' | 'build' = 'source',
  options: { inspect?: boolean } = {},
): Promise<ServerProcess> {
  const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
  const child = spawn(process.execPath, [...startNodeFlags(), ...inspect, ...(from === 'build' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'])], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', options.inspect ? 'pipe' : 'inherit'],
  });
  let inspectorUrl: string | null = null;
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1] ?? null;
    // the inspector's banners are not the server's output
    const output = text
      .split('\n')
      .filter((line) => !/Debugger (listening|attached|ending)|For help, see: https:\/\/nodejs.org\/en\/docs\/inspector|Waiting for the debugger/.test(line))
      .join('\n');
    if (output.trim()) process.stderr.write(output);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    get inspectorUrl() {
      return inspectorUrl;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A full, forced garbage collection in a process started with `inspect` (the inspector protocol's
 * HeapProfiler.collectGarbage), so its resident set holds what it retains rather than what awaits collection.
 */
export async function collectGarbage(inspectorUrl: string): Promise<void> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  try {
    // twice: what the first collection's finalizers and weak callbacks let go is freed by the second
    for (let id = 1; id <= 2; id += 1) {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
          if (reply.id !== id) return;
          socket.off('message', onMessage);
          if (reply.error) reject(new Error(`HeapProfiler.collectGarbage: ${reply.error.message}`));
          else resolve();
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    socket.close();
  }
}

/** Closes client sockets (1000), terminating any that has not closed within 5 s. */
export async function closeSockets(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1000, 'bench done');
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 5_000).unref();
        }),
    ),
  );
}
