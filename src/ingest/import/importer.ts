import { createWriteStream, existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Viewer } from '../../auth/viewer';
import type { IngestOutcome, MentionIngestor } from '../ingest-mentions';
import type { MentionFields } from '../validate-mention';
import { buildFieldMap, isConversionError, toMention, type FieldMap } from './field-map';
import { openRecords, type FileFormat } from './file-records';
import { eventLoopSlices } from '../event-loop-slices';

export interface ImportOptions {
  file: string;
  format: FileFormat;
  organizationId: string;
  map?: string;
  sets: string[];
  batchSize: number;
  rejectsFile: string;
  stateFile: string;
  /** Ignore a saved position and start from the first record. */
  restart: boolean;
  now: () => Date;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  records: number;
  accepted: number;
  rejected: number;
  bytesRead: number;
  totalBytes: number;
  skipped: number;
}

export interface ImportSummary extends ImportProgress {
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  resumedAfter: number;
}

const YIELD_EVERY_MS = 4;
const BATCHES_AHEAD = 2;

interface SavedState {
  file: string;
  size: number;
  mtimeMs: number;
  organizationId: string;
  /** Records fully committed; a re-run skips them. */
  committedRecords: number;
}

/**
 * Feeds a CSV/TSV/NDJSON file through the same MentionIngestor as `ingestMentions`, batch by batch. After
 * each committed batch it saves how many records are done, so a re-run after an interruption resumes there
 * (and anything replayed is an idempotent update). Rejected records go to the rejects file with reasons.
 */
export async function importMentions(ingestor: MentionIngestor, viewer: Viewer, options: ImportOptions): Promise<ImportSummary> {
  const stat = statSync(options.file);
  const state: SavedState = { file: options.file, size: stat.size, mtimeMs: stat.mtimeMs, organizationId: options.organizationId, committedRecords: 0 };
  const saved = options.restart ? null : await readState(options.stateFile);
  const resumeAfter =
    saved && saved.size === state.size && saved.mtimeMs === state.mtimeMs && saved.organizationId === state.organizationId ? saved.committedRecords : 0;

  const source = openRecords(options.file, options.format);
  const rejects = createWriteStream(options.rejectsFile, { flags: resumeAfter > 0 ? 'a' : 'w' });
  const summary: ImportSummary = {
    records: 0, accepted: 0, rejected: 0, bytesRead: 0, totalBytes: stat.size, skipped: 0,
    inserted: 0, updated: 0, unchanged: 0, duplicates: 0, resumedAfter: resumeAfter,
  };
  let fieldMap: FieldMap | null = null;
  let batch: Array<{ number: number; mention: MentionFields; record: Record<string, unknown> }> = [];
  let lastNumber = 0;

  const reject = (number: number, field: string, message: string, record: unknown) => {
    summary.rejected += 1;
    rejects.write(`${JSON.stringify({ record: number, field, message, data: record })}\n`);
  };

  // batches are read and prepared (validated, scored) while the one before them is written, up to
  // BATCHES_AHEAD ahead: the file reader, the scorer and the database work at the same time, and batches
  // still commit in file order
  let writing: Promise<void> = Promise.resolve();
  const outstanding: Array<Promise<void>> = [];
  const flush = async () => {
    const items = batch;
    const doneUpTo = lastNumber;
    batch = [];
    const prepared = items.length > 0 ? ingestor.prepare(viewer, options.organizationId, items.map((item) => item.mention), options.now()) : null;
    const previous = writing;
    const write = (async () => {
      const ready = await prepared;
      await previous;
      if (ready) {
        const outcome: IngestOutcome = await ingestor.write(ready);
        for (const error of outcome.errors) {
          const item = items[error.index]!;
          reject(item.number, error.field, error.message, item.record);
        }
        summary.accepted += outcome.accepted;
        summary.inserted += outcome.inserted;
        summary.updated += outcome.updated;
        summary.unchanged += outcome.unchanged;
        summary.duplicates += outcome.duplicates;
      }
      state.committedRecords = doneUpTo;
      await writeState(options.stateFile, state);
      summary.bytesRead = source.bytesRead();
      options.onProgress?.(summary);
    })();
    // a failure (of this batch or one before it) surfaces when the batch is awaited below; the no-op catch
    // keeps it from counting as an unhandled rejection (which ends the process) meanwhile
    write.catch(() => undefined);
    writing = write;
    outstanding.push(write);
    if (outstanding.length > BATCHES_AHEAD) await outstanding.shift();
  };

  // records already buffered are read without a pause; handing the event loop back every few milliseconds
  // lets the batch being written go on to its next statement meanwhile
  const pause = eventLoopSlices(YIELD_EVERY_MS);
  try {
    for await (const { number, record, problem } of source.records) {
      const paused = pause();
      if (paused) await paused;
      lastNumber = number;
      if (number <= resumeAfter) {
        summary.skipped += 1;
        continue;
      }
      summary.records += 1;
      if (!record) {
        reject(number, 'record', problem ?? 'unreadable record.', null);
        continue;
      }
      fieldMap ??= buildFieldMap(options.map, options.sets, source.headers());
      const mention = toMention(record, fieldMap);
      if (isConversionError(mention)) reject(number, mention.field, mention.message, record);
      else batch.push({ number, mention, record });
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
    await writing;
  } finally {
    await new Promise((resolve) => rejects.end(resolve));
  }
  return summary;
}

async function readState(path: string): Promise<SavedState | null> {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as SavedState;
  } catch {
    return null;
  }
}

// written aside and renamed, so a kill mid-write never leaves a torn state file
async function writeState(path: string, state: SavedState): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(state));
  await rename(`${path}.tmp`, path);
}
