import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type FileFormat = 'csv' | 'tsv' | 'ndjson';

export interface FileRecord {
  /** 1-based position of the record in the file (a data row for CSV, a line for NDJSON). */
  number: number;
  record: Record<string, unknown> | null;
  /** Set when the record itself could not be read (malformed JSON line). */
  problem?: string;
}

export interface RecordSource {
  records: AsyncIterable<FileRecord>;
  /** Bytes of the file consumed so far, for progress. */
  bytesRead(): number;
  /** Column names (CSV/TSV), known after the first record. */
  headers(): string[] | null;
}

export function formatFromPath(path: string): FileFormat | null {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.tsv$/i.test(path)) return 'tsv';
  if (/\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path)) return 'ndjson';
  return null;
}

/** Streams a file record by record; memory stays flat whatever the file's size. */
export function openRecords(path: string, format: FileFormat): RecordSource {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let headers: string[] | null = null;
  if (format === 'ndjson') {
    return {
      bytesRead: () => stream.bytesRead,
      headers: () => null,
      records: (async function* () {
        let number = 0;
        for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
          if (line.trim() === '') continue;
          number += 1;
          try {
            const value: unknown = JSON.parse(line);
            if (value && typeof value === 'object' && !Array.isArray(value)) yield { number, record: flatten(value as Record<string, unknown>) };
            else yield { number, record: null, problem: 'the line is not a JSON object.' };
          } catch {
            yield { number, record: null, problem: 'the line is not valid JSON.' };
          }
        }
      })(),
    };
  }
  const parser = stream.pipe(
    parse({
      columns: (names: string[]) => (headers = names.map((name) => name.trim())),
      delimiter: format === 'tsv' ? '\t' : ',',
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      quote: format === 'tsv' ? false : '"',
    }),
  );
  return {
    bytesRead: () => stream.bytesRead,
    headers: () => headers,
    records: (async function* () {
      let number = 0;
      for await (const record of parser as AsyncIterable<Record<string, unknown>>) {
        number += 1;
        yield { number, record };
      }
    })(),
  };
}

/** `{ "author": { "handle": "x" } }` → `{ "author.handle": "x" }`, so API-shaped lines map without --map. */
function flatten(record: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) flat[`${key}.${inner}`] = innerValue;
    } else {
      flat[key] = value;
    }
  }
  return flat;
}
