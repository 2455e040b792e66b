import { isCountMetric, metricValue, type MetricName, type Totals } from './metrics';
import { meanInterval, momentsOf, welchInterval, type Interval, type Moments } from './statistics';

const DAY_MS = 86_400_000;

/** One window of a before/during/after comparison, as the rollups describe it. */
export interface WindowSample {
  /** Window length in days (fractional). */
  days: number;
  totals: Totals;
  /** Totals of each whole 24-hour slice of the window, from its start; a partial last slice is left out. */
  dailyTotals: readonly Totals[];
}

export interface MetricDelta {
  metric: string;
  before: number | null;
  during: number | null;
  after: number | null;
  change: number | null;
  relativeChange: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  significant: boolean;
}

export function windowDays(from: number, to: number): number {
  return Math.max(0, to - from) / DAY_MS;
}

/**
 * The change of one mention metric from `baseline` to `after` (or to `during` while there is no after window).
 * Count-like metrics are per-day rates, so windows of unequal length compare fairly; the others are the
 * metric over the whole window. The 95% interval is Welch's on per-mention sentiments for AVERAGE_SENTIMENT
 * and on daily values otherwise, centred on the reported change.
 */
export function mentionMetricDelta(metric: MetricName, baseline: WindowSample, during: WindowSample, after: WindowSample | null): MetricDelta {
  const value = (sample: WindowSample | null): number | null => {
    if (!sample) return null;
    if (!isCountMetric(metric)) return metricValue(metric, sample.totals);
    const total = metricValue(metric, sample.totals);
    return total === null || sample.days === 0 ? null : total / sample.days;
  };
  const target = after ?? during;
  const before = value(baseline);
  const compared = value(target);
  const change = before === null || compared === null ? null : compared - before;
  const interval = change === null ? null : metric === 'AVERAGE_SENTIMENT' ? sentimentInterval(baseline, target, change) : dailyInterval(metric, baseline, target, change);
  return finish(metric, before, value(during), value(after), change, interval);
}

/** The change of a custom metric (its mean observation per window), with Welch's interval on the observations. */
export function customMetricDelta(key: string, baseline: readonly number[], during: readonly number[], after: readonly number[] | null): MetricDelta {
  const average = (values: readonly number[] | null): number | null =>
    values && values.length > 0 ? values.reduce((total, value) => total + value, 0) / values.length : null;
  const target = after ?? during;
  const before = average(baseline);
  const compared = average(target);
  const change = before === null || compared === null ? null : compared - before;
  const interval = change === null ? null : welchInterval(momentsOf(baseline), momentsOf(target), change);
  return finish(key, before, average(during), average(after), change, interval);
}

function finish(
  metric: string,
  before: number | null,
  during: number | null,
  after: number | null,
  change: number | null,
  interval: Interval | null,
): MetricDelta {
  return {
    metric,
    before,
    during,
    after,
    change,
    relativeChange: change === null || before === null || before === 0 ? null : change / Math.abs(before),
    ciLow: interval?.low ?? null,
    ciHigh: interval?.high ?? null,
    significant: interval !== null && (interval.low > 0 || interval.high < 0),
  };
}

function sentimentMoments(totals: Totals): Moments {
  return { n: totals.volume, sum: totals.sentimentSum, sumOfSquares: totals.sentimentSquareSum };
}

function sentimentInterval(baseline: WindowSample, target: WindowSample, change: number): Interval | null {
  return welchInterval(sentimentMoments(baseline.totals), sentimentMoments(target.totals), change);
}

function dailyInterval(metric: MetricName, baseline: WindowSample, target: WindowSample, change: number): Interval | null {
  const daily = (sample: WindowSample) =>
    sample.dailyTotals.map((totals) => metricValue(metric, totals)).filter((value): value is number => value !== null);
  return welchInterval(momentsOf(daily(baseline)), momentsOf(daily(target)), change);
}

/** The 95% interval of a window's mean sentiment (what "back within the baseline" is measured against). */
export function meanSentimentInterval(totals: Totals): Interval | null {
  return meanInterval(sentimentMoments(totals));
}
