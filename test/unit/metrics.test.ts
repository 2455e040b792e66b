import { describe, expect, it } from 'vitest';
import {
  EMPTY_TOTALS,
  METRICS,
  addTotals,
  isCountMetric,
  metricFieldName,
  metricValue,
  metricValues,
  sumsForMetrics,
  type MetricName,
  type Totals,
} from '../../src/analytics/metrics';

const totals = (overrides: Partial<Totals>): Totals => ({ ...EMPTY_TOTALS, ...overrides });

/**
 * Four audience mentions, written out so every figure below can be checked by hand:
 *   sentiment  0.5, reach 9,  engagement 3, NEWS,  author a  → POSITIVE, weight 1 + log10(10)  = 2
 *   sentiment −1,   reach 99, engagement 7, X,     author b  → NEGATIVE, weight 1 + log10(100) = 3
 *   sentiment  0,   reach 0,  engagement 0, X,     author a  → NEUTRAL,  weight 1 + log10(1)   = 1
 *   sentiment  0.9, reach 0,  engagement 2, NEWS,  author c  → POSITIVE, weight 1
 */
const FOUR: Totals = {
  volume: 4,
  positive: 2,
  neutral: 1,
  negative: 1,
  sentimentSum: 0.5 - 1 + 0 + 0.9,
  sentimentSquareSum: 0.25 + 1 + 0 + 0.81,
  reach: 108,
  engagement: 12,
  weightSum: 2 + 3 + 1 + 1,
  weightedSentimentSum: 2 * 0.5 + 3 * -1 + 1 * 0 + 1 * 0.9,
  mediaCoverage: 2,
  uniqueAuthors: 3,
};

describe('metricValue', () => {
  it.each<[MetricName, number]>([
    ['VOLUME', 4],
    ['UNIQUE_AUTHORS', 3],
    ['AVERAGE_SENTIMENT', 0.4 / 4],
    ['POSITIVE', 2],
    ['NEUTRAL', 1],
    ['NEGATIVE', 1],
    ['NET_SENTIMENT', (100 * (2 - 1)) / 3],
    ['NEGATIVE_SHARE', 0.25],
    ['REACH', 108],
    ['ENGAGEMENT', 12],
    ['ENGAGEMENT_RATE', 12 / 108],
    ['MEDIA_COVERAGE', 2],
    ['REPUTATION_INDEX', 50 * (1 + -1.1 / 7)],
  ])('computes %s of four hand-made mentions as %d', (metric, expected) => {
    expect(metricValue(metric, FOUR)).toBeCloseTo(expected, 12);
  });

  it('gives a reputation index of 30 when weights 2 and 3 carry sentiments 0.5 and −1', () => {
    // reach 9 → w = 2, reach 99 → w = 3: 50 × (1 + (1 − 3) / 5) = 30
    expect(metricValue('REPUTATION_INDEX', totals({ volume: 2, weightSum: 5, weightedSentimentSum: -2 }))).toBeCloseTo(30, 12);
  });

  it.each<[MetricName, number | null]>([
    ['VOLUME', 0],
    ['UNIQUE_AUTHORS', 0],
    ['AVERAGE_SENTIMENT', null],
    ['POSITIVE', 0],
    ['NEUTRAL', 0],
    ['NEGATIVE', 0],
    ['NET_SENTIMENT', null],
    ['NEGATIVE_SHARE', null],
    ['REACH', 0],
    ['ENGAGEMENT', 0],
    ['ENGAGEMENT_RATE', null],
    ['MEDIA_COVERAGE', 0],
    ['REPUTATION_INDEX', null],
  ])('gives %s of no mentions as %s', (metric, expected) => {
    expect(metricValue(metric, EMPTY_TOTALS)).toBe(expected);
  });

  it('has no net sentiment when every mention is neutral', () => {
    expect(metricValue('NET_SENTIMENT', totals({ volume: 5, neutral: 5, weightSum: 5 }))).toBeNull();
  });

  it.each([
    [3, 0, 100],
    [0, 3, -100],
    [2, 2, 0],
    [3, 1, 50],
  ])('gives a net sentiment for %d positive and %d negative of %d', (positive, negative, expected) => {
    expect(metricValue('NET_SENTIMENT', totals({ volume: positive + negative + 7, positive, negative, neutral: 7 }))).toBe(expected);
  });

  it('has no engagement rate when the mentions reached nobody, even with engagement', () => {
    expect(metricValue('ENGAGEMENT_RATE', totals({ volume: 2, engagement: 5, reach: 0 }))).toBeNull();
  });

  it('counts neutral mentions in the negative share denominator', () => {
    expect(metricValue('NEGATIVE_SHARE', totals({ volume: 8, negative: 2, neutral: 6 }))).toBe(0.25);
  });

  it('passes through unique authors that were not counted as null', () => {
    expect(metricValue('UNIQUE_AUTHORS', totals({ volume: 3, uniqueAuthors: null }))).toBeNull();
  });

  it.each<[string, Partial<Totals>, MetricName, number]>([
    ['an average sentiment that rounding pushed above 1', { volume: 3, sentimentSum: 3.000000000000001 }, 'AVERAGE_SENTIMENT', 1],
    ['an average sentiment that rounding pushed below −1', { volume: 3, sentimentSum: -3.000000000000001 }, 'AVERAGE_SENTIMENT', -1],
    ['a reputation index that rounding pushed above 100', { volume: 2, weightSum: 4, weightedSentimentSum: 4.000000000000004 }, 'REPUTATION_INDEX', 100],
    ['a reputation index that rounding pushed below 0', { volume: 2, weightSum: 4, weightedSentimentSum: -4.000000000000001 }, 'REPUTATION_INDEX', 0],
  ])('clamps %s', (_, overrides, metric, expected) => {
    const t = totals(overrides);
    // the unclamped formula really is out of bounds for these sums
    const raw = metric === 'AVERAGE_SENTIMENT' ? t.sentimentSum / t.volume : 50 * (1 + t.weightedSentimentSum / t.weightSum);
    expect(raw).not.toBe(expected);
    expect(metricValue(metric, t)).toBe(expected);
  });

  it('keeps exact bounds as they are', () => {
    expect(metricValue('AVERAGE_SENTIMENT', totals({ volume: 2, sentimentSum: -2 }))).toBe(-1);
    expect(metricValue('REPUTATION_INDEX', totals({ volume: 1, weightSum: 1, weightedSentimentSum: 1 }))).toBe(100);
    expect(metricValue('REPUTATION_INDEX', totals({ volume: 1, weightSum: 1, weightedSentimentSum: 0 }))).toBe(50);
  });

  it('has no reputation index when the weights sum to nothing', () => {
    expect(metricValue('REPUTATION_INDEX', totals({ volume: 2, weightSum: 0, weightedSentimentSum: 0 }))).toBeNull();
  });

  it('rejects a name that is not a metric', () => {
    expect(() => metricValue('LIKES' as MetricName, FOUR)).toThrow('Unknown metric LIKES');
  });
});

describe('metricValues', () => {
  it('gives every metric in the contract order by default', () => {
    expect(Object.keys(metricValues(FOUR))).toEqual([...METRICS]);
    expect(metricValues(FOUR).REACH).toBe(108);
  });

  it('gives only the metrics asked for', () => {
    expect(metricValues(EMPTY_TOTALS, ['VOLUME', 'NET_SENTIMENT'])).toEqual({ VOLUME: 0, NET_SENTIMENT: null });
  });
});

describe('addTotals', () => {
  it('adds every sum of two disjoint sets of mentions', () => {
    const other = totals({
      volume: 1,
      positive: 1,
      sentimentSum: 0.6,
      sentimentSquareSum: 0.36,
      reach: 999,
      engagement: 10,
      weightSum: 4,
      weightedSentimentSum: 2.4,
      mediaCoverage: 1,
      uniqueAuthors: 1,
    });
    expect(addTotals(FOUR, other)).toEqual({
      volume: 5,
      positive: 3,
      neutral: 1,
      negative: 1,
      sentimentSum: FOUR.sentimentSum + 0.6,
      sentimentSquareSum: FOUR.sentimentSquareSum + 0.36,
      reach: 1107,
      engagement: 22,
      weightSum: 11,
      weightedSentimentSum: FOUR.weightedSentimentSum + 2.4,
      mediaCoverage: 3,
      uniqueAuthors: null,
    });
  });

  it('does not add unique authors, since the same author may be on both sides', () => {
    expect(addTotals(totals({ uniqueAuthors: 2 }), totals({ uniqueAuthors: 2 })).uniqueAuthors).toBeNull();
  });

  it('leaves its arguments untouched and treats empty totals as zero', () => {
    const before = { ...FOUR };
    expect(addTotals(FOUR, EMPTY_TOTALS)).toEqual({ ...FOUR, uniqueAuthors: null });
    expect(FOUR).toEqual(before);
    expect(EMPTY_TOTALS.volume).toBe(0);
  });
});

describe('metricFieldName', () => {
  it.each<[MetricName, string]>([
    ['VOLUME', 'volume'],
    ['UNIQUE_AUTHORS', 'uniqueAuthors'],
    ['AVERAGE_SENTIMENT', 'averageSentiment'],
    ['POSITIVE', 'positive'],
    ['NEUTRAL', 'neutral'],
    ['NEGATIVE', 'negative'],
    ['NET_SENTIMENT', 'netSentiment'],
    ['NEGATIVE_SHARE', 'negativeShare'],
    ['REACH', 'reach'],
    ['ENGAGEMENT', 'engagement'],
    ['ENGAGEMENT_RATE', 'engagementRate'],
    ['MEDIA_COVERAGE', 'mediaCoverage'],
    ['REPUTATION_INDEX', 'reputationIndex'],
  ])('names the %s field %s', (metric, field) => {
    expect(metricFieldName(metric)).toBe(field);
  });

  it('covers every metric of the contract', () => {
    expect(METRICS).toHaveLength(13);
  });
});

describe('isCountMetric', () => {
  it.each<[MetricName, boolean]>([
    ['VOLUME', true],
    ['UNIQUE_AUTHORS', true],
    ['AVERAGE_SENTIMENT', false],
    ['POSITIVE', true],
    ['NEUTRAL', true],
    ['NEGATIVE', true],
    ['NET_SENTIMENT', false],
    ['NEGATIVE_SHARE', false],
    ['REACH', true],
    ['ENGAGEMENT', true],
    ['ENGAGEMENT_RATE', false],
    ['MEDIA_COVERAGE', true],
    ['REPUTATION_INDEX', false],
  ])('says whether %s adds up across mentions (%s)', (metric, expected) => {
    expect(isCountMetric(metric)).toBe(expected);
  });
});

describe('sumsForMetrics', () => {
  const full: Totals = {
    volume: 40,
    positive: 11,
    neutral: 9,
    negative: 20,
    sentimentSum: -6.25,
    sentimentSquareSum: 13.5,
    reach: 52_000,
    engagement: 1_300,
    weightSum: 97.5,
    weightedSentimentSum: -21.75,
    mediaCoverage: 3,
    uniqueAuthors: 31,
  };

  it.each(METRICS.map((metric) => [metric]))('%s needs only the sums it names: the others zeroed, it has the same value', (metric) => {
    const needed = sumsForMetrics([metric as MetricName]);
    const partial = Object.fromEntries(
      Object.entries(full).map(([name, value]) => [name, name === 'uniqueAuthors' || needed.has(name as never) ? value : 0]),
    ) as unknown as Totals;
    expect(metricValue(metric as MetricName, partial)).toBe(metricValue(metric as MetricName, full));
  });
});
