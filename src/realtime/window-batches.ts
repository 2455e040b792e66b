import type { Totals } from '../analytics/metrics';
import { windowTotals, type AnalyticsScope, type Queryable, type SumColumn, type TimeWindow } from '../services/analytics/segment-totals';

/** A trailing window as milliseconds before the moment of computation: [at − fromAgoMs, at − toAgoMs). */
export interface TrailingWindow {
  fromAgoMs: number;
  toAgoMs: number;
}

export interface WindowResult {
  /** The moment the windows end at (or before). */
  at: Date;
  /** The totals of the asked windows, in their order. */
  totals: Totals[];
}

interface Request {
  windows: readonly TrailingWindow[];
  sums: readonly SumColumn[];
  resolve(result: WindowResult): void;
  reject(error: unknown): void;
}

interface Batch {
  scope: AnalyticsScope;
  requests: Request[];
}

/** More distinct windows than this go to the database in several statements (each window adds two edges to scan against). */
const MAX_WINDOWS_PER_STATEMENT = 64;

/**
 * Trailing-window totals for live topics, batched. A commit dirties every topic of its organization at once, and
 * the hub starts those that are due in one synchronous pass; the windows they ask for there, per scope
 * (organization and incident), go to the database as one statement at one shared moment, instead of one statement
 * per topic. Each topic still asks only when its own throttle lets it.
 */
export class WindowBatches {
  private readonly pending = new Map<string, Batch>();
  private scheduled = false;

  constructor(
    private readonly dataSource: Queryable,
    private readonly now: () => Date,
  ) {}

  totals(scope: AnalyticsScope, windows: readonly TrailingWindow[], sums: readonly SumColumn[]): Promise<WindowResult> {
    return new Promise((resolve, reject) => {
      const key = `${scope.organizationId}\u0000${scope.incidentId ?? ''}`;
      let batch = this.pending.get(key);
      if (!batch) this.pending.set(key, (batch = { scope, requests: [] }));
      batch.requests.push({ windows, sums, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // the hub starts the topics that are due together in one synchronous pass: they have all asked by
        // the time the microtasks run, and the statement goes out at once
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.pending.values()];
    this.pending.clear();
    for (const batch of batches) void this.run(batch);
  }

  private async run(batch: Batch): Promise<void> {
    const at = this.now();
    const time = at.getTime();
    const keyOf = (window: TrailingWindow) => `${window.fromAgoMs}:${window.toAgoMs}`;
    const distinct = new Map<string, TimeWindow>();
    for (const request of batch.requests) for (const window of request.windows) distinct.set(keyOf(window), [time - window.fromAgoMs, time - window.toAgoMs]);
    const sums = [...new Set(batch.requests.flatMap((request) => request.sums))];
    const keys = [...distinct.keys()];
    const windows = [...distinct.values()];
    try {
      const chunks: Array<Promise<Totals[]>> = [];
      for (let offset = 0; offset < windows.length; offset += MAX_WINDOWS_PER_STATEMENT) {
        chunks.push(windowTotals(this.dataSource, { scope: batch.scope, windows: windows.slice(offset, offset + MAX_WINDOWS_PER_STATEMENT), sums }));
      }
      const totals = (await Promise.all(chunks)).flat();
      const byKey = new Map(keys.map((key, index) => [key, totals[index]!]));
      for (const request of batch.requests) request.resolve({ at, totals: request.windows.map((window) => byKey.get(keyOf(window))!) });
    } catch (error) {
      for (const request of batch.requests) request.reject(error);
    }
  }
}
