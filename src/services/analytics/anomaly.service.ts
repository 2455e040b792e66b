import type { DataSource } from 'typeorm';
import { MIN_HISTORY_BUCKETS, scoreBuckets, scoreScale } from '../../analytics/anomalies';
import { calendarBuckets, type CalendarBucket, type Granularity } from '../../analytics/calendar';
import { EMPTY_TOTALS, metricValue, type MetricName, type Totals } from '../../analytics/metrics';
import type { Viewer } from '../../auth/viewer';
import { BadInputError } from '../../errors/app-errors';
import type { TimezoneCatalog } from '../timezones';
import { bucketsWithinLimit, COST_LIMIT } from './kpi.service';
import { resolveScope, requireTimeRange, type RangeFields, type ScopeFields, type ScopeLookups } from './scope';
import { segmentTotals, type AnalyticsScope, type Queryable } from './segment-totals';

const DAY_MS = 86_400_000;
const NOMINAL_MS: Record<Granularity, number> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: DAY_MS, WEEK: 7 * DAY_MS, MONTH: 31 * DAY_MS };

export interface AnomalyData {
  bucket: Date;
  metric: MetricName;
  value: number;
  expected: number;
  stdDev: number;
  zScore: number;
  severity: number;
}

/** The buckets a bucket's expectation is drawn from: 7 days of them, at least MIN_HISTORY_BUCKETS. */
export function historyLength(granularity: Granularity): number {
  return Math.max(MIN_HISTORY_BUCKETS, Math.round((7 * DAY_MS) / NOMINAL_MS[granularity]));
}

export interface BucketSeries {
  buckets: CalendarBucket[];
  totals: Totals[];
  /** Index of the first bucket of the requested range. */
  firstIndex: number;
}

/**
 * Totals per calendar bucket for `range` plus the history buckets before it. The range's first bucket counts
 * from `range.from`; the history buckets are whole calendar buckets.
 */
export async function seriesWithHistory(
  dataSource: Queryable,
  scope: AnalyticsScope,
  range: { from: number; to: number },
  granularity: Granularity,
  timezone: string,
  uniqueAuthors: boolean,
  rangeBuckets: CalendarBucket[],
): Promise<BucketSeries> {
  const history = historyLength(granularity);
  const lookBack = rangeBuckets[0]!.start - (history + 2) * NOMINAL_MS[granularity];
  const earlier = calendarBuckets(lookBack, rangeBuckets[0]!.start, granularity, timezone, history + 10).slice(-history);
  const buckets = [...earlier, ...rangeBuckets];
  // segments: the history buckets, then (when range.from cuts the first bucket) the sliver before range.from,
  // which belongs to neither part, then the range's buckets clipped to the range
  const sliver = range.from > rangeBuckets[0]!.start;
  const edges = [
    ...earlier.map((bucket) => bucket.start),
    ...(sliver ? [rangeBuckets[0]!.start] : []),
    range.from,
    ...rangeBuckets.slice(1).map((bucket) => bucket.start),
    range.to,
  ];
  const rows = await segmentTotals(dataSource, { scope, edges, dimensions: [], uniqueAuthors });
  const bySegment = new Map(rows.map((row) => [row.segment, row.totals]));
  const totals = buckets.map((_, index) => {
    const segment = index < earlier.length || !sliver ? index : index + 1;
    return bySegment.get(segment) ?? { ...EMPTY_TOTALS };
  });
  return { buckets, totals, firstIndex: earlier.length };
}

export class AnomalyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ScopeLookups,
    private readonly timezones: TimezoneCatalog,
  ) {}

  async anomalies(
    viewer: Viewer,
    scopeInput: ScopeFields,
    rangeInput: RangeFields,
    metric: MetricName,
    granularity: Granularity,
    threshold: number,
    timezoneInput: string | null | undefined,
  ): Promise<AnomalyData[]> {
    const resolved = await resolveScope(viewer, this.lookups, scopeInput);
    const range = requireTimeRange(rangeInput);
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) {
      throw new BadInputError('threshold', `must be a z-score above 0 and at most 100 (got ${threshold}).`);
    }
    const timezone = timezoneInput == null ? resolved.organization.timezone : await this.timezones.require(timezoneInput, 'timezone');
    const rangeBuckets = bucketsWithinLimit(range, granularity, timezone, 'anomalies');
    if (granularity === 'MINUTE' && rangeBuckets.length + historyLength(granularity) > 2 * COST_LIMIT + 1) {
      throw new BadInputError('granularity', 'MINUTE anomalies cover at most a week; use HOUR for longer ranges.');
    }
    const series = await seriesWithHistory(this.dataSource, resolved.scope, range, granularity, timezone, metric === 'UNIQUE_AUTHORS', rangeBuckets);
    const scale = scoreScale(metric);
    const values = series.totals.map((totals) => (metricValue(metric, totals) ?? 0) * scale);
    const volumes = series.totals.map((totals) => totals.volume);
    const history = historyLength(granularity);
    return scoreBuckets(values, volumes, series.firstIndex, history, threshold)
      .filter((bucket) => bucket.flagged)
      .map((bucket) => ({
        bucket: new Date(series.buckets[bucket.index]!.start),
        metric,
        value: bucket.value / scale,
        expected: bucket.expected / scale,
        stdDev: bucket.stdDev / scale,
        zScore: bucket.zScore,
        severity: bucket.severity,
      }));
  }
}
