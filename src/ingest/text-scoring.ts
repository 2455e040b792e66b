import path from 'node:path';
import { Piscina } from 'piscina';
import type { ScoringResult, ScoringTask } from './score-texts';

/** Language detection and sentiment scoring of ingested texts: the CPU-heavy half of ingestion. */
export interface TextScorer {
  score(task: ScoringTask): Promise<ScoringResult>;
  close(): Promise<void>;
}

// the scorer's vocabularies and tinyld's n-gram tables cost a thread about 46 MiB once loaded: a process whose
// scoring runs on worker threads never loads them on its main thread
let scoring: Promise<typeof import('./score-texts.js')> | null = null;

/** On the calling thread: for tests and single-core machines. */
export const inlineScorer: TextScorer = {
  score: async (task) => (await (scoring ??= import('./score-texts.js'))).scoreTask(task, true),
  close: async () => undefined,
};

// a chunk smaller than this costs more in messages between threads than it saves
const MIN_CHUNK = 250;

/**
 * Worker threads (piscina) that score while the main thread serves requests and drives the database.
 * A batch is split over the threads, so a big import uses them all.
 */
export class ThreadedScorer implements TextScorer {
  private readonly pool: Piscina;

  constructor(
    private readonly threads: number,
    /** Start the threads now (a bulk load scores at once), rather than with the first batch. */
    startNow = false,
  ) {
    const extension = path.extname(__filename);
    const fromSource = extension === '.ts';
    this.pool = new Piscina({
      filename: path.join(__dirname, `text-scoring.worker${extension}`),
      // by default started by the first batch to score, so an instance that only answers queries never holds them
      minThreads: startNow ? threads : 0,
      maxThreads: threads,
      // workers inherit the process's flags (tsx's loader under tsx); run from TypeScript sources without it
      // (vitest), they are given the loader alone, since V8 flags may not be set per worker
      execArgv: fromSource && !process.execArgv.some((arg) => arg.includes('tsx')) ? ['--import', 'tsx'] : undefined,
      idleTimeout: Number.POSITIVE_INFINITY,
      // a batch's garbage dies young: a small young generation, whatever semi-space size the main thread runs with
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
  }

  async score(task: ScoringTask): Promise<ScoringResult> {
    const count = task.texts.length;
    if (count === 0) return { languages: [], sentiments: new Float64Array(0) };
    const chunks = Math.max(1, Math.min(this.threads, Math.floor(count / MIN_CHUNK)));
    const size = Math.ceil(count / chunks);
    const parts = await Promise.all(
      Array.from({ length: chunks }, (_, c) => {
        const from = c * size;
        const to = Math.min(count, from + size);
        return this.pool.run({
          texts: task.texts.slice(from, to),
          languages: task.languages.slice(from, to),
          scoreSentiment: task.scoreSentiment.slice(from, to),
        } satisfies ScoringTask) as Promise<ScoringResult>;
      }),
    );
    if (parts.length === 1) return parts[0]!;
    const sentiments = new Float64Array(count);
    let offset = 0;
    for (const part of parts) {
      sentiments.set(part.sentiments, offset);
      offset += part.sentiments.length;
    }
    return { languages: parts.flatMap((part) => part.languages), sentiments };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** `threads` worker threads, or the calling thread when 0. */
export function createTextScorer(threads: number, options: { startNow?: boolean } = {}): TextScorer {
  return threads > 0 ? new ThreadedScorer(threads, options.startNow) : inlineScorer;
}
