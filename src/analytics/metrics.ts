/** The mention-derived metrics of the contract, in its order. */
export const METRICS = [
  'VOLUME',
  'UNIQUE_AUTHORS',
  'AVERAGE_SENTIMENT',
  'POSITIVE',
  'NEUTRAL',
  'NEGATIVE',
  'NET_SENTIMENT',
  'NEGATIVE_SHARE',
  'REACH',
  'ENGAGEMENT',
  'ENGAGEMENT_RATE',
  'MEDIA_COVERAGE',
  'REPUTATION_INDEX',
] as const;

export type MetricName = (typeof METRICS)[number];

/**
 * Sums over a set of audience mentions (owned posts excluded), from which every metric follows. `uniqueAuthors`
 * is null when it was not asked for: it is the one figure that is not a sum.
 */
export interface Totals {
  volume: number;
  positive: number;
  neutral: number;
  negative: number;
  sentimentSum: number;
  sentimentSquareSum: number;
  reach: number;
  engagement: number;
  /** Σ wᵢ with wᵢ = 1 + log10(1 + reachᵢ). */
  weightSum: number;
  /** Σ wᵢ·sᵢ. */
  weightedSentimentSum: number;
  mediaCoverage: number;
  uniqueAuthors: number | null;
}

export const EMPTY_TOTALS: Readonly<Totals> = Object.freeze({
  volume: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  sentimentSum: 0,
  sentimentSquareSum: 0,
  reach: 0,
  engagement: 0,
  weightSum: 0,
  weightedSentimentSum: 0,
  mediaCoverage: 0,
  uniqueAuthors: 0,
});

/** Metrics that add up across disjoint sets of mentions (so a share of voice or a per-day rate makes sense). */
const COUNT_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  'VOLUME',
  'UNIQUE_AUTHORS',
  'POSITIVE',
  'NEUTRAL',
  'NEGATIVE',
  'REACH',
  'ENGAGEMENT',
  'MEDIA_COVERAGE',
]);

export function isCountMetric(metric: MetricName): boolean {
  return COUNT_METRICS.has(metric);
}

/** The value of one metric, exactly as the contract defines it; null where it is undefined (no mentions). */
export function metricValue(metric: MetricName, totals: Totals): number | null {
  const { volume, positive, negative } = totals;
  switch (metric) {
    case 'VOLUME':
      return volume;
    case 'UNIQUE_AUTHORS':
      return totals.uniqueAuthors;
    case 'AVERAGE_SENTIMENT':
      return volume === 0 ? null : clamp(totals.sentimentSum / volume, -1, 1);
    case 'POSITIVE':
      return positive;
    case 'NEUTRAL':
      return totals.neutral;
    case 'NEGATIVE':
      return negative;
    case 'NET_SENTIMENT':
      return positive + negative === 0 ? null : (100 * (positive - negative)) / (positive + negative);
    case 'NEGATIVE_SHARE':
      return volume === 0 ? null : negative / volume;
    case 'REACH':
      return totals.reach;
    case 'ENGAGEMENT':
      return totals.engagement;
    case 'ENGAGEMENT_RATE':
      return totals.reach === 0 ? null : totals.engagement / totals.reach;
    case 'MEDIA_COVERAGE':
      return totals.mediaCoverage;
    case 'REPUTATION_INDEX':
      return volume === 0 || totals.weightSum <= 0 ? null : clamp(50 * (1 + totals.weightedSentimentSum / totals.weightSum), 0, 100);
    default:
      return assertNeverMetric(metric);
  }
}

/** The sums of Totals a rollup query can leave out when only some metrics are wanted. */
export type TotalsSum = Exclude<keyof Totals, 'uniqueAuthors'>;

const SUMS_OF_METRIC: Record<MetricName, readonly TotalsSum[]> = {
  VOLUME: ['volume'],
  UNIQUE_AUTHORS: [],
  AVERAGE_SENTIMENT: ['volume', 'sentimentSum'],
  POSITIVE: ['positive'],
  NEUTRAL: ['neutral'],
  NEGATIVE: ['negative'],
  NET_SENTIMENT: ['positive', 'negative'],
  NEGATIVE_SHARE: ['volume', 'negative'],
  REACH: ['reach'],
  ENGAGEMENT: ['engagement'],
  ENGAGEMENT_RATE: ['reach', 'engagement'],
  MEDIA_COVERAGE: ['mediaCoverage'],
  REPUTATION_INDEX: ['volume', 'weightSum', 'weightedSentimentSum'],
};

/** The sums `metrics` are computed from (volume always: it tells empty groups apart). */
export function sumsForMetrics(metrics: readonly MetricName[]): Set<TotalsSum> {
  return new Set<TotalsSum>(['volume', ...metrics.flatMap((metric) => SUMS_OF_METRIC[metric])]);
}

/** Every metric of a set of totals, keyed by metric name. */
export function metricValues(totals: Totals, metrics: readonly MetricName[] = METRICS): Partial<Record<MetricName, number | null>> {
  const values: Partial<Record<MetricName, number | null>> = {};
  for (const metric of metrics) values[metric] = metricValue(metric, totals);
  return values;
}

/** Sums of two disjoint sets of mentions. Distinct authors do not add, so the sum carries null for them. */
export function addTotals(a: Totals, b: Totals): Totals {
  return {
    volume: a.volume + b.volume,
    positive: a.positive + b.positive,
    neutral: a.neutral + b.neutral,
    negative: a.negative + b.negative,
    sentimentSum: a.sentimentSum + b.sentimentSum,
    sentimentSquareSum: a.sentimentSquareSum + b.sentimentSquareSum,
    reach: a.reach + b.reach,
    engagement: a.engagement + b.engagement,
    weightSum: a.weightSum + b.weightSum,
    weightedSentimentSum: a.weightedSentimentSum + b.weightedSentimentSum,
    mediaCoverage: a.mediaCoverage + b.mediaCoverage,
    uniqueAuthors: null,
  };
}

/** camelCase of a metric name, as the result types name their fields (`NET_SENTIMENT` → `netSentiment`). */
const FIELD_NAMES = new Map<string, string>(METRICS.map((metric) => [metric, metric.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())]));

export function metricFieldName(metric: MetricName): string {
  // looked up, not rewritten: tables call it for every value of every row
  return FIELD_NAMES.get(metric)!;
}

// sums of rounded sentiments can overshoot the bounds by an ulp
function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function assertNeverMetric(metric: never): never {
  throw new Error(`Unknown metric ${String(metric)}`);
}
