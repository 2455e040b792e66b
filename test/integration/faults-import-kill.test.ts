import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../../src/db/database-url';
import { createOrganization } from '../support/factory';
import { eventually } from '../support/faults';
import { rollupDifferences } from '../support/rollup-consistency';
import { startTestApp, type TestApp } from '../support/test-app';

const RECORDS = 6_000;
const BATCH = 250;

/**
 * What `npm run import` runs (scripts/import.ts under tsx), without npm's own start-up, in a process group of
 * its own so SIGKILL reaches every process of it.
 */
function runImport(url: string, args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}

describe('an import killed with SIGKILL half-way, then run again', () => {
  let app: TestApp;
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-import-kill-'));

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every record stored once and rollups equal to a recomputation', async () => {
    const org = await createOrganization(app, 'Import Kill Air', { handles: [{ platform: 'TWITTER', handle: 'KillAir' }] });
    const file = path.join(dir, 'mentions.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < RECORDS; i += 1) {
      lines.push(
        JSON.stringify({
          platform: i % 7 === 0 ? 'NEWS' : 'TWITTER',
          externalId: `imp-${i}`,
          text: i % 2 === 0 ? `Flight ${i} delayed again, still waiting for a refund` : `Thanks for the quick help with booking ${i}`,
          postedAt: new Date(Date.UTC(2026, 9, 1) + i * 61_000).toISOString(),
          author: { handle: i % 50 === 0 ? 'KillAir' : `traveller_${i % 997}`, followers: 10 + (i % 5000) },
          reach: i * 3,
          likes: i % 13,
          // half of them scored by the built-in scorer, as real exports often carry no sentiment
          ...(i % 2 === 0 ? {} : { sentiment: ((i % 21) - 10) / 10 }),
        }),
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const stateFile = `${file}.import-state.json`;
    const args = ['--org', org.slug, '--file', file, '--batch', String(BATCH)];
    const count = async () => (await app.dataSource.query('SELECT count(*)::int AS n FROM mentions WHERE organization_id = $1', [org.id]))[0].n as number;

    const first = runImport(databaseUrl(inject('databaseServerUrl'), app.database), args);
    // killed once a few batches are committed: the kill lands while later batches are being written
    await eventually(
      'the importer to commit a few batches',
      async () => {
        if (!existsSync(stateFile)) return undefined;
        try {
          return JSON.parse(readFileSync(stateFile, 'utf8')).committedRecords >= 3 * BATCH ? true : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
      20,
    );
    process.kill(-first.child.pid!, 'SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    // PostgreSQL rolls back the killed process's open transaction once it notices the socket is gone
    const atKill = await count();
    expect(atKill).toBeGreaterThanOrEqual(3 * BATCH);
    expect(atKill).toBeLessThan(RECORDS);
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);

    const second = runImport(databaseUrl(inject('databaseServerUrl'), app.database), args);
    const finished = await second.done;
    expect(finished.code, finished.output).toBe(0);
    const resumedAfter = Number(/resumed after record (\d+)/.exec(finished.output)?.[1]);
    expect(resumedAfter).toBeGreaterThanOrEqual(3 * BATCH);
    expect(resumedAfter).toBeLessThanOrEqual(atKill);
    expect(finished.output).toMatch(/0 rejected/);

    const rows = await app.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids,
              count(*) FILTER (WHERE reach <> split_part(external_id, '-', 2)::int * 3)::int AS wrong_reach
         FROM mentions WHERE organization_id = $1`,
      [org.id],
    );
    expect(rows[0]).toEqual({ n: RECORDS, distinct_ids: RECORDS, wrong_reach: 0 });
    expect(await rollupDifferences(app.dataSource, org.id)).toEqual([]);
  }, 180_000);
});
