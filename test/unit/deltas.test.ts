import { describe, expect, it } from 'vitest';
import { customMetricDelta, meanSentimentInterval, mentionMetricDelta, windowDays, type WindowSample } from '../../src/analytics/deltas';
import { EMPTY_TOTALS, type Totals } from '../../src/analytics/metrics';

interface Mention {
  sentiment: number;
  reach?: number;
  engagement?: number;
  news?: boolean;
  author?: string;
}

/** Totals of a list of mentions, straight from the definitions in API.md. */
function totalsOf(mentions: readonly Mention[]): Totals {
  const totals: Totals = { ...EMPTY_TOTALS };
  const authors = new Set<string>();
  for (const mention of mentions) {
    const reach = mention.reach ?? 0;
    const weight = 1 + Math.log10(1 + reach);
    totals.volume += 1;
    if (mention.sentiment >= 0.05) totals.positive += 1;
    else if (mention.sentiment <= -0.05) totals.negative += 1;
    else totals.neutral += 1;
    totals.sentimentSum += mention.sentiment;
    totals.sentimentSquareSum += mention.sentiment ** 2;
    totals.reach += reach;
    totals.engagement += mention.engagement ?? 0;
    totals.weightSum += weight;
    totals.weightedSentimentSum += weight * mention.sentiment;
    if (mention.news) totals.mediaCoverage += 1;
    authors.add(mention.author ?? `author-${totals.volume}`);
  }
  totals.uniqueAuthors = authors.size;
  return totals;
}

/** `count` neutral mentions (sentiment 0). */
const neutral = (count: number): Mention[] => Array.from({ length: count }, () => ({ sentiment: 0 }));

/** A window of `days` whose whole days hold `perDay` and whose partial last day (if any) holds `partial`. */
function windowOf(days: number, perDay: readonly Mention[][], partial: readonly Mention[] = []): WindowSample {
  return { days, totals: totalsOf([...perDay.flat(), ...partial]), dailyTotals: perDay.map(totalsOf) };
}

/** Two-sided 95% Student t values from the table. */
const T95 = { 1: 12.7062047362, 2: 4.3026527297, 4: 2.7764451052, 6: 2.4469118511, 22: 2.0738730679 } as const;

describe('mentionMetricDelta', () => {
  // baseline: 7 whole days of [8, 12, 10, 9, 11, 10, 10] mentions = 70, i.e. 10 a day
  const baseline = windowOf(
    7,
    [8, 12, 10, 9, 11, 10, 10].map((count) => neutral(count)),
  );
  // during: half a day with 30 mentions (60 a day), no whole day
  const during = windowOf(0.5, [], neutral(30));
  // after: 3.5 days, three whole days of 20 and 10 in the last half day: 70 in all, 20 a day
  const after = windowOf(3.5, [neutral(20), neutral(20), neutral(20)], neutral(10));

  it('compares the after window with the baseline as per-day rates when the incident is resolved', () => {
    const delta = mentionMetricDelta('VOLUME', baseline, during, after);
    expect(delta).toMatchObject({ metric: 'VOLUME', before: 10, during: 60, after: 20, change: 10, relativeChange: 1 });
  });

  it('puts a Welch interval on the daily counts around the change', () => {
    // baseline days: variance 10/6 over 7 days; after days: no spread, so df = 6
    const margin = T95[6] * Math.sqrt(10 / 6 / 7);
    const delta = mentionMetricDelta('VOLUME', baseline, during, after);
    expect(delta.ciLow).toBeCloseTo(10 - margin, 9);
    expect(delta.ciHigh).toBeCloseTo(10 + margin, 9);
    expect(delta.significant).toBe(true);
  });

  it('compares the during window while there is no after window', () => {
    const delta = mentionMetricDelta('VOLUME', baseline, during, null);
    expect(delta).toMatchObject({ before: 10, during: 60, after: null, change: 50, relativeChange: 5 });
  });

  it('gives no interval when the compared window has no whole day', () => {
    const delta = mentionMetricDelta('VOLUME', baseline, during, null);
    expect(delta).toMatchObject({ ciLow: null, ciHigh: null, significant: false });
  });

  it('rates reach per day so a quarter day compares fairly with two days', () => {
    const twoDays = windowOf(2, [[{ sentiment: 0, reach: 600 }], [{ sentiment: 0, reach: 400 }]]);
    const quarterDay = windowOf(0.25, [], [{ sentiment: 0, reach: 250 }]);
    expect(mentionMetricDelta('REACH', twoDays, quarterDay, null)).toMatchObject({ before: 500, during: 1000, change: 500, relativeChange: 1 });
  });

  it('compares average sentiment over the whole window, not per day', () => {
    const before = windowOf(3, [[{ sentiment: 0.2 }], [{ sentiment: 0.4 }], [{ sentiment: 0.6 }]]);
    const resolved = windowOf(1, [[{ sentiment: -0.2 }, { sentiment: 0 }, { sentiment: 0.2 }]]);
    const delta = mentionMetricDelta('AVERAGE_SENTIMENT', before, resolved, resolved);
    expect(delta.before).toBeCloseTo(0.4, 12);
    expect(delta.after).toBeCloseTo(0, 12);
    expect(delta.change).toBeCloseTo(-0.4, 12);
    expect(delta.relativeChange).toBeCloseTo(-1, 12);
  });

  it('puts a Welch interval on the per-mention sentiments, which here includes zero', () => {
    // [0.2, 0.4, 0.6] vs [−0.2, 0, 0.2]: both variances 0.04, SE = √(0.08/3), df = 4
    const before = windowOf(3, [[{ sentiment: 0.2 }], [{ sentiment: 0.4 }], [{ sentiment: 0.6 }]]);
    const resolved = windowOf(1, [[{ sentiment: -0.2 }, { sentiment: 0 }, { sentiment: 0.2 }]]);
    const delta = mentionMetricDelta('AVERAGE_SENTIMENT', before, resolved, resolved);
    const margin = T95[4] * Math.sqrt(0.08 / 3);
    expect(delta.ciLow).toBeCloseTo(-0.4 - margin, 9);
    expect(delta.ciHigh).toBeCloseTo(-0.4 + margin, 9);
    expect(delta.ciHigh).toBeGreaterThan(0);
    expect(delta.significant).toBe(false);
  });

  it('finds the same sentiment drop significant with four times the mentions', () => {
    const repeat = (values: number[]) => [0, 1, 2, 3].flatMap(() => values.map((sentiment) => ({ sentiment })));
    // no whole days at all: the interval must come from the mentions, not the days
    const before = windowOf(0.9, [], repeat([0.2, 0.4, 0.6]));
    const now = windowOf(0.9, [], repeat([-0.2, 0, 0.2]));
    // n = 12 each, variance 0.32/11 each, SE = √(2 · 0.32/11/12), df = 22
    const margin = T95[22] * Math.sqrt((2 * 0.32) / 11 / 12);
    const delta = mentionMetricDelta('AVERAGE_SENTIMENT', before, now, null);
    expect(delta.change).toBeCloseTo(-0.4, 12);
    expect(delta.ciLow).toBeCloseTo(-0.4 - margin, 9);
    expect(delta.ciHigh).toBeCloseTo(-0.4 + margin, 9);
    expect(delta.significant).toBe(true);
  });

  it('compares net sentiment over whole windows with an interval on the days that have one', () => {
    const p = { sentiment: 0.5 };
    const n = { sentiment: -0.5 };
    // baseline days: net 50, net 0, and an all-neutral day with no net sentiment (left out of the interval)
    const before = windowOf(3, [[p, p, p, n], [p, n], neutral(4)]);
    // after days: net −50 and −100
    const resolved = windowOf(2, [[p, n, n, n], [n, n]]);
    const delta = mentionMetricDelta('NET_SENTIMENT', before, resolved, resolved);
    expect(delta.before).toBeCloseTo((100 * (4 - 2)) / 6, 9);
    expect(delta.after).toBeCloseTo((100 * (1 - 5)) / 6, 9);
    expect(delta.change).toBeCloseTo(-100, 9);
    expect(delta.relativeChange).toBeCloseTo(-3, 9);
    // daily values [50, 0] and [−50, −100]: variances 1250 each, SE = √1250, df = 2
    expect(delta.ciLow).toBeCloseTo(-100 - T95[2] * Math.sqrt(1250), 6);
    expect(delta.ciHigh).toBeCloseTo(-100 + T95[2] * Math.sqrt(1250), 6);
    expect(delta.significant).toBe(false);
  });

  it('measures the relative change against the size of a negative before', () => {
    const p = { sentiment: 0.5 };
    const n = { sentiment: -0.5 };
    const before = windowOf(1, [], [p, n, n, n]); // net −50
    const now = windowOf(1, [], [p, n, n, n, n, n, n, n]); // net −75
    const delta = mentionMetricDelta('NET_SENTIMENT', before, now, null);
    expect(delta.change).toBeCloseTo(-25, 9);
    expect(delta.relativeChange).toBeCloseTo(-0.5, 9);
  });

  it('has no relative change when the baseline rate is zero', () => {
    const quiet = windowOf(7, Array.from({ length: 7 }, () => neutral(3)));
    const negative = windowOf(2, [[{ sentiment: -0.9 }], [{ sentiment: -0.9 }]]);
    const delta = mentionMetricDelta('NEGATIVE', quiet, negative, null);
    expect(delta).toMatchObject({ before: 0, during: 1, change: 1, relativeChange: null });
  });

  it('gives a zero change and no significance when nothing moved', () => {
    const steady = windowOf(2, [neutral(5), neutral(5)]);
    expect(mentionMetricDelta('VOLUME', steady, steady, steady)).toMatchObject({
      change: 0,
      relativeChange: 0,
      ciLow: 0,
      ciHigh: 0,
      significant: false,
    });
  });

  it('has no rate for a window of zero length', () => {
    const empty: WindowSample = { days: 0, totals: { ...EMPTY_TOTALS }, dailyTotals: [] };
    expect(mentionMetricDelta('VOLUME', baseline, empty, null)).toEqual({
      metric: 'VOLUME',
      before: 10,
      during: null,
      after: null,
      change: null,
      relativeChange: null,
      ciLow: null,
      ciHigh: null,
      significant: false,
    });
  });

  it('has no change in average sentiment when the baseline had no mentions', () => {
    const silent = windowOf(7, Array.from({ length: 7 }, () => []));
    const delta = mentionMetricDelta('AVERAGE_SENTIMENT', silent, windowOf(1, [[{ sentiment: -0.5 }]]), null);
    expect(delta).toMatchObject({ before: null, during: -0.5, change: null, relativeChange: null, ciLow: null, significant: false });
  });

  it('has no unique-author rate when authors were not counted', () => {
    const uncounted = { ...baseline, totals: { ...baseline.totals, uniqueAuthors: null } };
    expect(mentionMetricDelta('UNIQUE_AUTHORS', uncounted, during, null)).toMatchObject({ before: null, change: null, significant: false });
  });

  it('rates unique authors per day like the other counts', () => {
    const a = { sentiment: 0, author: 'a' };
    const b = { sentiment: 0, author: 'b' };
    const before = windowOf(2, [[a, b], [a]]); // 2 distinct authors over 2 days
    const now = windowOf(0.5, [], [a, b]); // 2 in half a day
    expect(mentionMetricDelta('UNIQUE_AUTHORS', before, now, null)).toMatchObject({ before: 1, during: 4, change: 3, relativeChange: 3 });
  });
});

describe('customMetricDelta', () => {
  it('compares mean observations with a hand-computed Welch interval', () => {
    // [1, 2, 3] vs [4, 5, 6]: variances 1, SE = √(2/3), df = 4
    const delta = customMetricDelta('nps', [1, 2, 3], [4, 5, 6], null);
    expect(delta).toMatchObject({ metric: 'nps', before: 2, during: 5, after: null, change: 3, relativeChange: 1.5, significant: true });
    expect(delta.ciLow).toBeCloseTo(3 - T95[4] * Math.sqrt(2 / 3), 9);
    expect(delta.ciHigh).toBeCloseTo(3 + T95[4] * Math.sqrt(2 / 3), 9);
  });

  it('compares the after window once there is one', () => {
    // [1, 2, 3] vs [2, 2, 2]: SE = √(1/3), df = 2
    const delta = customMetricDelta('nps', [1, 2, 3], [4, 5, 6], [2, 2, 2]);
    expect(delta).toMatchObject({ before: 2, during: 5, after: 2, change: 0, relativeChange: 0, significant: false });
    expect(delta.ciLow).toBeCloseTo(-T95[2] * Math.sqrt(1 / 3), 9);
    expect(delta.ciHigh).toBeCloseTo(T95[2] * Math.sqrt(1 / 3), 9);
  });

  it('calls a change significant when neither side varies and the means differ', () => {
    expect(customMetricDelta('k', [1, 1], [2, 2], null)).toMatchObject({ change: 1, ciLow: 1, ciHigh: 1, significant: true });
  });

  it('does not call an interval that touches zero significant', () => {
    expect(customMetricDelta('k', [1, 1], [1, 1], null)).toMatchObject({ change: 0, ciLow: 0, ciHigh: 0, significant: false });
  });

  it('measures the relative change against the size of a negative before', () => {
    expect(customMetricDelta('k', [-2, -2], [-1, -1], null)).toMatchObject({ before: -2, change: 1, relativeChange: 0.5, significant: true });
  });

  it('has no relative change when the baseline mean is zero', () => {
    expect(customMetricDelta('k', [-1, 1], [3, 5], null)).toMatchObject({ before: 0, change: 4, relativeChange: null });
  });

  it('has no change without baseline observations', () => {
    expect(customMetricDelta('k', [], [4, 5], null)).toEqual({
      metric: 'k',
      before: null,
      during: 4.5,
      after: null,
      change: null,
      relativeChange: null,
      ciLow: null,
      ciHigh: null,
      significant: false,
    });
  });

  it('has no change when a resolved incident has no observations after it, even with some during', () => {
    expect(customMetricDelta('k', [1, 2], [4, 5], [])).toMatchObject({ during: 4.5, after: null, change: null, significant: false });
  });

  it('reports a change without an interval when one side has a single observation', () => {
    expect(customMetricDelta('k', [1, 2, 3], [10], null)).toMatchObject({ change: 8, ciLow: null, ciHigh: null, significant: false });
  });

  it('gives no interval instead of failing for observations too large to square', () => {
    const delta = customMetricDelta('k', [1e200, 3e200], [5e200, 7e200], null);
    expect(delta.change! / 4e200).toBeCloseTo(1, 12);
    expect(delta).toMatchObject({ ciLow: null, ciHigh: null, significant: false });
  });
});

describe('meanSentimentInterval', () => {
  it('gives the Student interval of the mean sentiment', () => {
    // [0.1 … 0.5]: mean 0.3, variance 0.025, SE = √0.005, df = 4
    const interval = meanSentimentInterval(totalsOf([0.1, 0.2, 0.3, 0.4, 0.5].map((sentiment) => ({ sentiment }))))!;
    expect(interval.low).toBeCloseTo(0.3 - T95[4] * Math.sqrt(0.005), 9);
    expect(interval.high).toBeCloseTo(0.3 + T95[4] * Math.sqrt(0.005), 9);
  });

  it('uses one degree of freedom for two mentions', () => {
    // [−1, 1]: mean 0, variance 2, SE = 1
    const interval = meanSentimentInterval(totalsOf([{ sentiment: -1 }, { sentiment: 1 }]))!;
    expect(interval.high).toBeCloseTo(T95[1], 9);
  });

  it.each([
    ['no mentions', [] as Mention[]],
    ['one mention', [{ sentiment: -0.4 }]],
  ])('is null for %s', (_, mentions) => {
    expect(meanSentimentInterval(totalsOf(mentions))).toBeNull();
  });
});

describe('windowDays', () => {
  it.each([
    [0, 86_400_000, 1],
    [0, 43_200_000, 0.5],
    [1_000, 1_000, 0],
    [5_000, 1_000, 0],
  ])('measures [%d, %d) as %d days, never negative', (from, to, expected) => {
    expect(windowDays(from, to)).toBe(expected);
  });
});
