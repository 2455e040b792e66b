/**
 * npm run import -- --org <slug|id> --file <path> [--format csv|tsv|ndjson] [--map col=field,...]
 *                   [--set field=value ...] [--batch 5000] [--rejects <path>] [--restart]
 * Streams a file through the same ingestion code as `ingestMentions`, on DATABASE_URL or the embedded database.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { Viewer } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { MentionIngestor } from '../src/ingest/ingest-mentions';
import { MappingError } from '../src/ingest/import/field-map';
import { formatFromPath, type FileFormat } from '../src/ingest/import/file-records';
import { importMentions, type ImportProgress } from '../src/ingest/import/importer';
import { createLogger } from '../src/logger';
import { createTextScorer } from '../src/ingest/text-scoring';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      map: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      batch: { type: 'string', default: '5000' },
      rejects: { type: 'string' },
      restart: { type: 'boolean', default: false },
    },
  });
  if (!values.org || !values.file) throw new UsageError('give --org <slug or id> and --file <path>.');
  const format = (values.format ?? formatFromPath(values.file)) as FileFormat | null;
  if (!format || !['csv', 'tsv', 'ndjson'].includes(format)) throw new UsageError('cannot tell the format: pass --format csv, tsv or ndjson.');
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new UsageError('--batch is a whole number from 1 to 5000.');

  const config = loadConfig();
  // the progress line is the output; slow-statement warnings of a bulk load would only bury it
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
  const database = await openDatabase(config, logger);
  const scorer = createTextScorer(config.SCORING_THREADS, { startNow: true });
  try {
    const organizations: Array<{ id: string }> = await database.dataSource.query(
      'SELECT id FROM organizations WHERE slug = lower($1) OR id::text = lower($1)',
      [values.org],
    );
    if (!organizations[0]) throw new UsageError(`no organization with slug or id "${values.org}".`);
    const progress = progressReporter();
    const started = Date.now();
    const summary = await importMentions(new MentionIngestor(database.dataSource, { scorer }), Viewer.admin(), {
      file: values.file,
      format,
      organizationId: organizations[0].id,
      map: values.map,
      sets: values.set ?? [],
      batchSize,
      rejectsFile: values.rejects ?? `${values.file}.rejects.ndjson`,
      stateFile: `${values.file}.import-state.json`,
      restart: values.restart ?? false,
      now: () => new Date(),
      onProgress: progress.update,
    });
    progress.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${summary.records} records in ${seconds.toFixed(1)} s (${Math.round(summary.records / Math.max(seconds, 0.001))}/s): ` +
        `${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.duplicates} duplicates, ` +
        `${summary.rejected} rejected` +
        (summary.rejected > 0 ? ` (reasons in ${values.rejects ?? `${values.file}.rejects.ndjson`})` : '') +
        (summary.resumedAfter > 0 ? `; resumed after record ${summary.resumedAfter}` : ''),
    );
  } finally {
    await scorer.close();
    await database.close();
  }
}

function progressReporter() {
  const started = Date.now();
  const interactive = process.stderr.isTTY;
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {records} records | {rate}/s | ETA {eta_formatted} | {rejected} rejected',
    stream: process.stderr,
    etaBuffer: 50,
  });
  let begun = false;
  let lastLine = 0;
  return {
    update(progress: ImportProgress) {
      const rate = Math.round(progress.records / Math.max((Date.now() - started) / 1000, 0.001));
      const payload = { records: progress.records, rejected: progress.rejected, rate };
      if (interactive) {
        if (!begun) bar.start(progress.totalBytes, 0, payload);
        begun = true;
        bar.update(progress.bytesRead, payload);
      } else if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        const done = progress.bytesRead / Math.max(progress.totalBytes, 1);
        const eta = done > 0 ? Math.round(((Date.now() - started) / 1000) * (1 / done - 1)) : 0;
        process.stderr.write(`${(done * 100).toFixed(1)}% | ${progress.records} records | ${rate}/s | ETA ${eta}s | ${progress.rejected} rejected\n`);
      }
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof MappingError;
  console.error(known ? `import: ${(error as Error).message}` : error);
  process.exit(known ? 2 : 1);
});
