/** The spike rule of the contract, shared by `anomalies` and the alerts raised at ingestion. */
import type { MetricName } from './metrics';

export const MIN_HISTORY_BUCKETS = 3;
export const MIN_BUCKET_VOLUME = 10;

export interface ScoredBucket {
  index: number;
  value: number;
  expected: number;
  stdDev: number;
  zScore: number;
  /** zScore ≥ threshold and at least MIN_BUCKET_VOLUME mentions in the bucket. */
  flagged: boolean;
  /** 1–10: 1 at the threshold, one more per unit of zScore above it. */
  severity: number;
}

/**
 * Scores buckets `firstIndex…` of a series. Each bucket's `expected` and `stdDev` (population) come from the
 * `historyLength` buckets before it (empty buckets are 0 in `values`), `zScore = (value − expected) /
 * max(stdDev, √expected, 1)`. `values` must hold at least `historyLength` buckets before `firstIndex`.
 */
export function scoreBuckets(
  values: readonly number[],
  volumes: readonly number[],
  firstIndex: number,
  historyLength: number,
  threshold: number,
): ScoredBucket[] {
  const history = Math.max(MIN_HISTORY_BUCKETS, historyLength);
  if (firstIndex < history) throw new RangeError(`need ${history} buckets of history, got ${firstIndex}`);
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = firstIndex - history; i < firstIndex; i += 1) {
    sum += values[i]!;
    sumOfSquares += values[i]! ** 2;
  }
  const scored: ScoredBucket[] = [];
  for (let index = firstIndex; index < values.length; index += 1) {
    const value = values[index]!;
    const expected = sum / history;
    const stdDev = Math.sqrt(Math.max(0, sumOfSquares / history - expected * expected));
    const zScore = (value - expected) / Math.max(stdDev, Math.sqrt(Math.max(0, expected)), 1);
    const flagged = zScore >= threshold && volumes[index]! >= MIN_BUCKET_VOLUME;
    scored.push({ index, value, expected, stdDev, zScore, flagged, severity: severityOf(zScore, threshold) });
    // slide the window one bucket on
    const leaving = values[index - history]!;
    sum += value - leaving;
    sumOfSquares += value * value - leaving * leaving;
  }
  return scored;
}

/**
 * Ratios are scored in percentage points and average sentiment in hundredths, so the rule's floor of 1 in the
 * denominator is one point rather than the whole scale (on which no ratio could ever reach z ≥ 3).
 * Counts, net sentiment and the reputation index are already in points.
 */
export function scoreScale(metric: MetricName): number {
  return metric === 'NEGATIVE_SHARE' || metric === 'ENGAGEMENT_RATE' || metric === 'AVERAGE_SENTIMENT' ? 100 : 1;
}

export function severityOf(zScore: number, threshold: number): number {
  if (!Number.isFinite(zScore)) return zScore > 0 ? 10 : 1;
  return Math.min(10, Math.max(1, 1 + Math.floor(zScore - threshold)));
}

export type SeverityLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The alert severity of a 1–10 anomaly severity: 1–2 LOW, 3–4 MEDIUM, 5–7 HIGH, 8–10 CRITICAL. */
export function severityLevel(severity: number): SeverityLevel {
  if (severity >= 8) return 'CRITICAL';
  if (severity >= 5) return 'HIGH';
  if (severity >= 3) return 'MEDIUM';
  return 'LOW';
}

/**
 * One step of an alert episode: an inactive episode raises an alert on a flagged bucket and becomes active;
 * an active one stays quiet until a bucket scores below the threshold, which ends the episode.
 */
export function nextEpisodeState(active: boolean, bucket: Pick<ScoredBucket, 'flagged' | 'zScore'>, threshold: number): { active: boolean; raise: boolean } {
  if (!active) return bucket.flagged ? { active: true, raise: true } : { active: false, raise: false };
  return { active: bucket.zScore >= threshold, raise: false };
}
