import { describe, expect, it } from 'vitest';
import { MIN_BUCKET_VOLUME, MIN_HISTORY_BUCKETS, nextEpisodeState, scoreBuckets, severityLevel, severityOf, type SeverityLevel } from '../../src/analytics/anomalies';

/** The contract's score of one bucket, written the plain way: a fresh two-pass mean and deviation per bucket. */
function directScore(values: readonly number[], index: number, history: number) {
  const window = values.slice(index - history, index);
  const expected = window.reduce((sum, value) => sum + value, 0) / window.length;
  const stdDev = Math.sqrt(window.reduce((sum, value) => sum + (value - expected) ** 2, 0) / window.length);
  const zScore = (values[index]! - expected) / Math.max(stdDev, Math.sqrt(Math.max(expected, 0)), 1);
  return { expected, stdDev, zScore };
}

/** A deterministic pseudo-random sequence (mulberry32), so the long-series tests never flake. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('scoreBuckets', () => {
  it('scores a spike against the mean and spread of the three buckets before it', () => {
    const values = [10, 12, 8, 10, 30];
    const [steady, spike] = scoreBuckets(values, values, 3, 3, 3);
    // history [10, 12, 8]: mean 10, population variance 8/3; √10 > √(8/3) > 1 so √expected scales the score
    expect(steady).toMatchObject({ index: 3, value: 10, expected: 10, zScore: 0, flagged: false, severity: 1 });
    expect(steady!.stdDev).toBeCloseTo(Math.sqrt(8 / 3), 12);
    // history [12, 8, 10]: the same mean and spread
    expect(spike).toMatchObject({ index: 4, value: 30, expected: 10, flagged: true });
    expect(spike!.stdDev).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(spike!.zScore).toBeCloseTo(20 / Math.sqrt(10), 12);
    expect(spike!.severity).toBe(4); // 1 + floor(6.32 − 3)
  });

  it('scales by the standard deviation when the history varies more than a Poisson count would', () => {
    const [scored] = scoreBuckets([0, 100, 200, 400], [0, 100, 200, 400], 3, 3, 3);
    // mean 100, population stdDev √(20000/3) ≈ 81.6 > √100
    expect(scored!.stdDev).toBeCloseTo(Math.sqrt(20_000 / 3), 9);
    expect(scored!.zScore).toBeCloseTo(300 / Math.sqrt(20_000 / 3), 12);
    expect(scored!.flagged).toBe(true);
  });

  it('divides by at least 1 when the history is empty, so 3 mentions after silence score exactly 3', () => {
    const [scored] = scoreBuckets([0, 0, 0, 3], [0, 0, 0, 10], 3, 3, 3);
    expect(scored).toMatchObject({ expected: 0, stdDev: 0, zScore: 3, flagged: true, severity: 1 });
  });

  it.each([
    ['just below the threshold with plenty of mentions', [0, 0, 0, 2.99], [0, 0, 0, 50], false],
    ['at the threshold with exactly the minimum volume', [0, 0, 0, 3], [0, 0, 0, MIN_BUCKET_VOLUME], true],
    ['far above the threshold with one mention too few', [0, 0, 0, 9], [0, 0, 0, MIN_BUCKET_VOLUME - 1], false],
    ['a negative-mention spike in a bucket of nine mentions', [1, 1, 1, 9], [20, 20, 20, 9], false],
    ['a negative-mention spike in a bucket of sixty mentions', [1, 1, 1, 50], [20, 20, 20, 60], true],
  ])('flags a bucket %s: %s', (_, values, volumes, flagged) => {
    expect(scoreBuckets(values, volumes, 3, 3, 3)[0]!.flagged).toBe(flagged);
  });

  it('never takes the square root of a negative expected value', () => {
    const [scored] = scoreBuckets([-5, -5, -5, 0], [20, 20, 20, 20], 3, 3, 3);
    expect(scored).toMatchObject({ expected: -5, stdDev: 0, zScore: 5, flagged: true });
  });

  it('scores a drop as a negative z and never flags it', () => {
    const [scored] = scoreBuckets([100, 100, 100, 0], [100, 100, 100, 0], 3, 3, 3);
    expect(scored!.zScore).toBeCloseTo(-10, 12);
    expect(scored).toMatchObject({ flagged: false, severity: 1 });
  });

  it('slides a longer history one bucket at a time', () => {
    const values = [3, 9, 4, 0, 12, 7, 7, 30, 2, 0, 0, 15];
    const scored = scoreBuckets(values, values.map(() => 100), 5, 5, 2);
    expect(scored.map((bucket) => bucket.index)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    for (const bucket of scored) {
      const direct = directScore(values, bucket.index, 5);
      expect(bucket.expected).toBeCloseTo(direct.expected, 12);
      expect(bucket.stdDev).toBeCloseTo(direct.stdDev, 9);
      expect(bucket.zScore).toBeCloseTo(direct.zScore, 9);
      expect(bucket.flagged).toBe(direct.zScore >= 2);
    }
    expect(scored.filter((bucket) => bucket.flagged).map((bucket) => bucket.index)).toEqual([7]);
  });

  it('uses at least three buckets of history even when asked for fewer', () => {
    expect(MIN_HISTORY_BUCKETS).toBe(3);
    const [scored] = scoreBuckets([2, 4, 6, 20], [50, 50, 50, 50], 3, 1, 3);
    expect(scored!.expected).toBe(4);
    expect(() => scoreBuckets([2, 4, 6, 20], [50, 50, 50, 50], 2, 1, 3)).toThrow(RangeError);
  });

  it.each([
    [0, 3],
    [2, 3],
    [4, 5],
    [167, 168],
  ])('throws when only %d buckets of history are given for %d', (firstIndex, historyLength) => {
    const values = Array.from({ length: firstIndex + 2 }, () => 1);
    expect(() => scoreBuckets(values, values, firstIndex, historyLength, 3)).toThrow(RangeError);
  });

  it('scores nothing when there is no bucket after the history', () => {
    expect(scoreBuckets([1, 2, 3], [1, 2, 3], 3, 3, 3)).toEqual([]);
  });

  it('matches a fresh computation at every bucket of a long hourly series', () => {
    const next = random(42);
    const values = Array.from({ length: 24 * 60 }, (_, hour) => Math.round(40 + 30 * Math.sin(hour / 4) + 20 * next()) + (hour % 97 === 0 ? 200 : 0));
    const scored = scoreBuckets(values, values, 168, 168, 3);
    expect(scored).toHaveLength(values.length - 168);
    for (const bucket of scored) {
      const direct = directScore(values, bucket.index, 168);
      expect(bucket.expected).toBeCloseTo(direct.expected, 9);
      expect(bucket.stdDev).toBeCloseTo(direct.stdDev, 6);
      expect(bucket.zScore).toBeCloseTo(direct.zScore, 6);
    }
    expect(scored.filter((bucket) => bucket.flagged).map((bucket) => bucket.index)).toEqual(
      values.map((_, index) => index).filter((index) => index >= 168 && index % 97 === 0),
    );
  });

  it('keeps reach-sized values accurate', () => {
    const next = random(7);
    const values = Array.from({ length: 400 }, () => 2e9 + Math.round(5e7 * next()));
    for (const bucket of scoreBuckets(values, values, 168, 168, 3)) {
      const direct = directScore(values, bucket.index, 168);
      expect(bucket.expected / direct.expected).toBeCloseTo(1, 12);
      expect(bucket.stdDev / direct.stdDev).toBeCloseTo(1, 6);
    }
  });

  it('reports no spread for a long run of the same fractional value', () => {
    const values = [...Array.from({ length: 500 }, () => 0.1), 0.1];
    const last = scoreBuckets(values, values.map(() => 100), 3, 3, 3).at(-1)!;
    expect(last.expected).toBeCloseTo(0.1, 12);
    expect(last.stdDev).toBeCloseTo(0, 6);
    expect(last.zScore).toBeCloseTo(0, 9);
  });
});

describe('severityOf', () => {
  it.each([
    [3, 3, 1],
    [3.99, 3, 1],
    [4, 3, 2],
    [6.32, 3, 4],
    [11.99, 3, 9],
    [12, 3, 10],
    [50, 3, 10],
    [4.4, 2.5, 2],
    [2, 3, 1],
    [-5, 3, 1],
    [Number.POSITIVE_INFINITY, 3, 10],
    [Number.NEGATIVE_INFINITY, 3, 1],
    [Number.NaN, 3, 1],
  ])('rates a z-score of %d against threshold %d as %d', (zScore, threshold, severity) => {
    expect(severityOf(zScore, threshold)).toBe(severity);
  });
});

describe('severityLevel', () => {
  it.each<[number, SeverityLevel]>([
    [1, 'LOW'],
    [2, 'LOW'],
    [3, 'MEDIUM'],
    [4, 'MEDIUM'],
    [5, 'HIGH'],
    [6, 'HIGH'],
    [7, 'HIGH'],
    [8, 'CRITICAL'],
    [9, 'CRITICAL'],
    [10, 'CRITICAL'],
  ])('calls severity %d %s', (severity, level) => {
    expect(severityLevel(severity)).toBe(level);
  });
});

describe('nextEpisodeState', () => {
  it.each([
    ['raises an alert when a quiet series crosses', false, { flagged: true, zScore: 5 }, { active: true, raise: true }],
    ['stays quiet below the threshold', false, { flagged: false, zScore: 1 }, { active: false, raise: false }],
    ['does not start an episode on a high score with too few mentions', false, { flagged: false, zScore: 5 }, { active: false, raise: false }],
    ['does not alert again while the episode continues', true, { flagged: true, zScore: 8 }, { active: true, raise: false }],
    ['keeps the episode open on a high score with too few mentions', true, { flagged: false, zScore: 5 }, { active: true, raise: false }],
    ['keeps the episode open at exactly the threshold', true, { flagged: true, zScore: 3 }, { active: true, raise: false }],
    ['ends the episode once a bucket scores below the threshold', true, { flagged: false, zScore: 2.99 }, { active: false, raise: false }],
  ])('%s', (_, active, bucket, expected) => {
    expect(nextEpisodeState(active, bucket, 3)).toEqual(expected);
  });

  it('alerts once per episode along a series of buckets', () => {
    const zScores = [1, 4, 5, 3.5, 2, 4, 4, 0, 3, 3];
    let active = false;
    const raisedAt: number[] = [];
    zScores.forEach((zScore, index) => {
      const step = nextEpisodeState(active, { flagged: zScore >= 3, zScore }, 3);
      if (step.raise) raisedAt.push(index);
      active = step.active;
    });
    expect(raisedAt).toEqual([1, 5, 8]);
  });

  it('alerts once for a spike scored over several buckets', () => {
    // 40, 100, 300 each score above 3 against the buckets before them; 60 after a calm is a new episode
    const values = [10, 10, 10, 10, 40, 100, 300, 10, 10, 10, 60];
    const scored = scoreBuckets(values, values, 3, 3, 3);
    let active = false;
    const raisedAt: number[] = [];
    for (const bucket of scored) {
      const step = nextEpisodeState(active, bucket, 3);
      if (step.raise) raisedAt.push(bucket.index);
      active = step.active;
    }
    expect(scored.filter((bucket) => bucket.flagged).map((bucket) => bucket.index)).toEqual([4, 5, 6, 10]);
    expect(raisedAt).toEqual([4, 10]);
  });
});
