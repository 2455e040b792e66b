/**
 * npm run seed -- --mentions <n> [--orgs 4] [--seed 1] [--days 30] [--end 2026-11-20T00:00:00Z]
 *                 [--data ../shared/data] [--batch 2500] [--concurrency 1]
 * Generates a realistic, deterministic data set (same arguments → same data) and writes it through the
 * same services and ingestion code as the API, on DATABASE_URL or the embedded database. Re-running with
 * the same arguments changes nothing.
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/logger';
import { defaultCorpusDirectory } from '../src/seed/corpus';
import { DEFAULT_SEED_END } from '../src/seed/plan';
import { createTextScorer } from '../src/ingest/text-scoring';
import { seedDatabase, type SeedProgress, type SeedSummary } from '../src/seed/seed-database';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mentions: { type: 'string' },
      orgs: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      days: { type: 'string', default: '30' },
      end: { type: 'string', default: DEFAULT_SEED_END },
      data: { type: 'string' },
      batch: { type: 'string', default: '2500' },
      concurrency: { type: 'string', default: '1' },
    },
  });
  if (!values.mentions) throw new UsageError('give --mentions <n> (e.g. --mentions 50000).');
  const mentions = wholeNumber(values.mentions, '--mentions', 1, 1_000_000_000);
  const organizations = wholeNumber(values.orgs!, '--orgs', 1, 200);
  const seed = wholeNumber(values.seed!, '--seed', 0, 2 ** 31 - 1);
  const days = wholeNumber(values.days!, '--days', 1, 3650);
  const batchSize = wholeNumber(values.batch!, '--batch', 1, 5000);
  const concurrency = wholeNumber(values.concurrency!, '--concurrency', 1, 16);
  const end = new Date(values.end!);
  if (Number.isNaN(end.getTime()) || !/(Z|[+-]\d\d:?\d\d)$/.test(values.end!)) {
    throw new UsageError(`--end "${values.end}" is not an ISO 8601 date-time with Z or an offset.`);
  }
  const corpusDirectory = values.data ? path.resolve(values.data) : defaultCorpusDirectory(path.resolve(__dirname, '..'));

  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  const scorer = createTextScorer(config.SCORING_THREADS, { startNow: true });
  try {
    console.log(
      `Seeding ${mentions.toLocaleString('en-US')} mentions for ${organizations} organizations over ${days} days ending ${end.toISOString()} ` +
        `(seed ${seed}) into ${database.description}`,
    );
    const started = Date.now();
    const progress = progressLine(started);
    const summary = await seedDatabase(database.dataSource, {
      mentions,
      organizations,
      seed,
      days,
      end,
      corpusDirectory,
      batchSize,
      concurrency,
      scorer,
      onProgress: progress.update,
    });
    progress.stop();
    report(summary, (Date.now() - started) / 1000, corpusDirectory);
    if (summary.progress.rejected > 0) process.exitCode = 1;
  } finally {
    await scorer.close();
    await database.close();
  }
}

function report(summary: SeedSummary, seconds: number, corpusDirectory: string): void {
  const { progress } = summary;
  console.log(summary.corpus.note ? `Note: ${summary.corpus.note}` : `Texts: real posts from ${corpusDirectory}`);
  for (const organization of summary.organizations) {
    console.log(
      `\n  ${organization.slug} (${organization.created ? 'created' : 'existing'}) ${organization.id}\n` +
        `    ${organization.mentions.toLocaleString('en-US')} mentions; competitors: ${organization.competitorSlugs.join(', ') || '—'}`,
    );
    for (const incident of organization.incidents) {
      const window = `${incident.startedAt.toISOString()} → ${incident.resolvedAt?.toISOString() ?? 'open'}`;
      const response = incident.firstResponseAt ? `, first response ${Math.round((incident.firstResponseAt.getTime() - incident.startedAt.getTime()) / 60_000)} min` : '';
      console.log(`    incident ${incident.id} ${incident.status} "${incident.title}" ${window}${response}${incident.created ? '' : ' (existing)'}`);
    }
  }
  console.log(
    `\n${progress.done.toLocaleString('en-US')} mentions in ${seconds.toFixed(1)} s (${Math.round(progress.done / Math.max(seconds, 0.001)).toLocaleString('en-US')}/s): ` +
      `${progress.inserted} inserted, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.rejected} rejected`,
  );
  for (const error of summary.errors) console.error(`  rejected ${error.organization} ${error.externalId}: ${error.field} ${error.message}`);
}

function progressLine(started: number) {
  const interactive = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    update(progress: SeedProgress) {
      const now = Date.now();
      if (now - last < (interactive ? 250 : 5000) && progress.done < progress.total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = progress.done / Math.max(seconds, 0.001);
      const eta = rate > 0 ? Math.round((progress.total - progress.done) / rate) : 0;
      const line =
        `${((progress.done / progress.total) * 100).toFixed(1)}% | ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} mentions | ` +
        `${Math.round(rate).toLocaleString('en-US')}/s | ETA ${formatDuration(eta)}`;
      if (interactive) process.stderr.write(`\r${line}\u001b[K`);
      else process.stderr.write(`${line}\n`);
      shown = true;
    },
    stop() {
      if (interactive && shown) process.stderr.write('\n');
    },
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`${flag} is a whole number from ${min} to ${max} (got "${value}").`);
  return number;
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const known = error instanceof UsageError;
  console.error(known ? `seed: ${(error as Error).message}` : error);
  process.exit(known ? 2 : 1);
});
