import { describe, expect, it } from 'vitest';
import {
  mean,
  meanInterval,
  momentsOf,
  percentile,
  populationStdDev,
  sampleVariance,
  studentTQuantile,
  welchInterval,
  type Moments,
} from '../../src/analytics/statistics';

/**
 * P(0 ≤ T ≤ q) / P(T ≥ 0) for Student's t with ν degrees of freedom, by Simpson's rule after substituting
 * x = √ν·tan θ, which turns the density into cos^(ν−1) θ on [0, π/2): no gamma function, no beta function.
 */
function centralShare(q: number, degrees: number): number {
  const integral = (upper: number) => {
    const steps = 4_000;
    const h = upper / steps;
    let total = 0;
    for (let i = 0; i <= steps; i += 1) {
      const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
      total += weight * Math.cos(i * h) ** (degrees - 1);
    }
    return (total * h) / 3;
  };
  return integral(Math.atan(q / Math.sqrt(degrees))) / integral(Math.PI / 2);
}

/** The t quantile by bisection on centralShare: an oracle independent of statistics.ts. */
function referenceTQuantile(probability: number, degrees: number): number {
  const target = 2 * probability - 1;
  let low = 0;
  let high = 1_000;
  for (let step = 0; step < 80; step += 1) {
    const middle = (low + high) / 2;
    if (centralShare(middle, degrees) < target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Moments written out by hand so the sums themselves are not under test. */
const moments = (n: number, sum: number, sumOfSquares: number): Moments => ({ n, sum, sumOfSquares });

describe('studentTQuantile', () => {
  it.each([
    [1, 12.7062047362],
    [2, 4.3026527297],
    [3, 3.1824463053],
    [4, 2.7764451052],
    [5, 2.5705818356],
    [6, 2.4469118511],
    [7, 2.3646242516],
    [8, 2.3060041352],
    [10, 2.2281388520],
    [20, 2.0859634473],
    [30, 2.0422724563],
    [100, 1.9839715185],
    [1_000_000, 1.9599664],
  ])('gives the two-sided 95%% table value for %d degrees of freedom (%d)', (degrees, expected) => {
    expect(studentTQuantile(0.975, degrees)).toBeCloseTo(expected, 6);
  });

  it.each([
    [0.9, 1],
    [0.99, 1],
    [0.75, 1],
  ])('matches the closed form tan(π(p − ½)) for one degree of freedom at p = %d', (probability) => {
    expect(studentTQuantile(probability, 1)).toBeCloseTo(Math.tan(Math.PI * (probability - 0.5)), 9);
  });

  it.each([0.6, 0.9, 0.95, 0.995])('matches the closed form (2p − 1)/√(2p(1 − p)) for two degrees of freedom at p = %d', (probability) => {
    expect(studentTQuantile(probability, 2)).toBeCloseTo((2 * probability - 1) / Math.sqrt(2 * probability * (1 - probability)), 9);
  });

  it.each([
    [0.975, 2.5],
    [0.975, 3.2],
    [0.975, 7.5],
    [0.975, 12.25],
    [0.9, 4.7],
    [0.995, 2.5],
  ])('matches numerical integration of the density at p = %d with %d degrees of freedom', (probability, degrees) => {
    expect(studentTQuantile(probability, degrees)).toBeCloseTo(referenceTQuantile(probability, degrees), 6);
  });

  it('puts fractional degrees of freedom strictly between their whole neighbours', () => {
    const value = studentTQuantile(0.975, 7.5);
    expect(value).toBeLessThan(2.3646242516); // df = 7
    expect(value).toBeGreaterThan(2.3060041352); // df = 8
  });

  it('shrinks as the degrees of freedom grow', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (const degrees of [1, 1.5, 2, 3, 5, 8, 13, 21, 34, 55, 89, 1e3, 1e4, 1e5, 1e6]) {
      const value = studentTQuantile(0.975, degrees);
      expect(value).toBeLessThan(previous);
      previous = value;
    }
  });

  it.each([1e7, 1e9, 1e12, 1e16, 1e300, Number.POSITIVE_INFINITY])('approaches the normal quantile 1.959964 for %d degrees of freedom', (degrees) => {
    expect(studentTQuantile(0.975, degrees)).toBeCloseTo(1.959964, 5);
  });

  it.each([
    [0.025, 10],
    [0.1, 3],
    [0.3, 7.5],
    [0.001, 1],
  ])('is the negative of the upper quantile below the median (p = %d, df = %d)', (probability, degrees) => {
    expect(studentTQuantile(probability, degrees)).toBeCloseTo(-studentTQuantile(1 - probability, degrees), 9);
    expect(studentTQuantile(probability, degrees)).toBeLessThan(0);
  });

  it('is zero at the median', () => {
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });

  it.each([
    [0, 5],
    [1, 5],
    [-0.1, 5],
    [1.5, 5],
    [Number.NaN, 5],
    [0.975, 0],
    [0.975, -3],
    [0.975, Number.NaN],
  ])('rejects probability %d with %d degrees of freedom', (probability, degrees) => {
    expect(() => studentTQuantile(probability, degrees)).toThrow(RangeError);
  });
});

describe('momentsOf and mean', () => {
  it('sums the values and their squares', () => {
    expect(momentsOf([1, -2, 3])).toEqual({ n: 3, sum: 2, sumOfSquares: 14 });
  });

  it('describes no values as zeros with no mean', () => {
    expect(momentsOf([])).toEqual({ n: 0, sum: 0, sumOfSquares: 0 });
    expect(mean(moments(0, 0, 0))).toBeNull();
  });

  it('divides the sum by the count', () => {
    expect(mean(moments(4, 10, 30))).toBe(2.5);
  });
});

describe('sampleVariance', () => {
  it.each([
    ['four values', moments(4, 10, 30), 5 / 3], // [1, 2, 3, 4]: squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over 3
    ['two values', moments(2, 6, 20), 2], // [2, 4]
    ['identical values', moments(3, 15, 75), 0], // [5, 5, 5]
  ])('divides squared deviations by n − 1 for %s', (_, sample, expected) => {
    expect(sampleVariance(sample)).toBeCloseTo(expected, 12);
  });

  it.each([moments(0, 0, 0), moments(1, 7, 49)])('is null below two values (%o)', (sample) => {
    expect(sampleVariance(sample)).toBeNull();
  });

  it('is zero, not negative, when rounding makes the sum of squares fall short', () => {
    const sample = momentsOf([0.1, 0.1, 0.1]);
    // the raw formula really does go negative here, which is what the guard is for
    expect(sample.sumOfSquares - (sample.sum * sample.sum) / sample.n).toBeLessThan(0);
    expect(sampleVariance(sample)).toBe(0);
  });

  it('is never negative for near-identical large values', () => {
    for (const base of [1e6 + 0.1, 123_456.789, 1e9 / 3, 0.7, -0.3]) {
      const variance = sampleVariance(momentsOf([base, base, base, base, base]));
      expect(variance).not.toBeNull();
      expect(variance!).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('populationStdDev', () => {
  it.each<[string, number[], number]>([
    ['the textbook example', [2, 4, 4, 4, 5, 5, 7, 9], 2],
    ['two values', [0, 10], 5],
    ['identical values', [3, 3, 3], 0],
    ['one value', [42], 0],
    ['no values', [], 0],
  ])('divides by n for %s', (_, values, expected) => {
    expect(populationStdDev(values)).toBeCloseTo(expected, 12);
  });

  it('ignores a common offset', () => {
    expect(populationStdDev([1e9 + 2, 1e9 + 4, 1e9 + 4, 1e9 + 4, 1e9 + 5, 1e9 + 5, 1e9 + 7, 1e9 + 9])).toBeCloseTo(2, 9);
  });
});

describe('welchInterval', () => {
  it('matches a hand-computed interval for equal variances', () => {
    // a = [1, 2, 3], b = [4, 5, 6]: variances 1 and 1, SE = √(2/3), df = (2/3)² / (2 · (1/3)² / 2) = 4
    const interval = welchInterval(moments(3, 6, 14), moments(3, 15, 77), 3);
    const margin = 2.7764451052 * Math.sqrt(2 / 3);
    expect(interval!.low).toBeCloseTo(3 - margin, 9);
    expect(interval!.high).toBeCloseTo(3 + margin, 9);
    expect(interval!.low).toBeCloseTo(0.733042, 6);
  });

  it('matches a hand-computed interval when one side has no spread', () => {
    // a = [5, 5, 5] (variance 0), b = [1, 2, 3]: SE = √(1/3), df = (1/3)² / ((1/3)² / 2) = 2
    const interval = welchInterval(moments(3, 15, 75), moments(3, 6, 14), -3);
    const margin = 4.3026527297 * Math.sqrt(1 / 3);
    expect(interval!.low).toBeCloseTo(-3 - margin, 9);
    expect(interval!.high).toBeCloseTo(-3 + margin, 9);
  });

  it('uses Welch–Satterthwaite degrees of freedom for unequal samples', () => {
    // a = [1, 2, 3, 4] (variance 5/3), b = [2, 4, 6] (variance 4)
    const termA = 5 / 3 / 4;
    const termB = 4 / 3;
    const degrees = (termA + termB) ** 2 / (termA ** 2 / 3 + termB ** 2 / 2);
    const margin = referenceTQuantile(0.975, degrees) * Math.sqrt(termA + termB);
    const interval = welchInterval(moments(4, 10, 30), moments(3, 12, 56), 1.5);
    expect(degrees).toBeCloseTo(3.2347, 4);
    expect(interval!.low).toBeCloseTo(1.5 - margin, 6);
    expect(interval!.high).toBeCloseTo(1.5 + margin, 6);
  });

  it('centres the interval on the difference it is given', () => {
    const a = moments(3, 6, 14);
    const b = moments(3, 15, 77);
    const centred = welchInterval(a, b, 3)!;
    const shifted = welchInterval(a, b, 10)!;
    expect(shifted.low - centred.low).toBeCloseTo(7, 12);
    expect(shifted.high - centred.high).toBeCloseTo(7, 12);
    expect((centred.low + centred.high) / 2).toBeCloseTo(3, 12);
  });

  it('narrows to the difference itself when neither side varies', () => {
    expect(welchInterval(moments(3, 6, 12), moments(4, 12, 36), 1)).toEqual({ low: 1, high: 1 });
  });

  it('narrows with a higher confidence level asked for less', () => {
    const a = moments(3, 6, 14);
    const b = moments(3, 15, 77);
    const wide = welchInterval(a, b, 3, 0.99)!;
    const narrow = welchInterval(a, b, 3, 0.8)!;
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
    expect(narrow.high - 3).toBeCloseTo(referenceTQuantile(0.9, 4) * Math.sqrt(2 / 3), 6);
  });

  it.each([
    ['the first sample has one value', moments(1, 5, 25), moments(3, 6, 14)],
    ['the second sample has one value', moments(3, 6, 14), moments(1, 5, 25)],
    ['the first sample is empty', moments(0, 0, 0), moments(3, 6, 14)],
    ['both are empty', moments(0, 0, 0), moments(0, 0, 0)],
  ])('is null when %s', (_, a, b) => {
    expect(welchInterval(a, b, 0)).toBeNull();
  });

  it.each([
    ['tiny spreads whose squared terms underflow', [1e-120, 2e-120, 3e-120], [4e-120, 5e-120, 6e-120], 3e-120],
    ['huge spreads whose squared terms overflow', [1e100, 2e100, 3e100], [4e100, 5e100, 6e100], 3e100],
  ])('scales with the data for %s', (_, a, b, difference) => {
    // the same shape as the hand-computed [1, 2, 3] vs [4, 5, 6] example, scaled: the margin scales too
    const scale = difference / 3;
    const interval = welchInterval(momentsOf(a), momentsOf(b), difference);
    expect(interval).not.toBeNull();
    expect(interval!.low / scale).toBeCloseTo(3 - 2.7764451052 * Math.sqrt(2 / 3), 6);
    expect(interval!.high / scale).toBeCloseTo(3 + 2.7764451052 * Math.sqrt(2 / 3), 6);
  });

  it('gives no interval, rather than throwing, when the sums themselves overflow', () => {
    expect(welchInterval(momentsOf([1e200, -1e200, 0]), momentsOf([1, 2, 3]), 2)).toBeNull();
  });
});

describe('meanInterval', () => {
  it('matches a hand-computed Student interval', () => {
    // [1, 2, 3, 4, 5]: mean 3, variance 2.5, SE = √0.5, df = 4
    const interval = meanInterval(moments(5, 15, 55))!;
    const margin = 2.7764451052 * Math.sqrt(0.5);
    expect(interval.low).toBeCloseTo(3 - margin, 9);
    expect(interval.high).toBeCloseTo(3 + margin, 9);
    expect(interval.low).toBeCloseTo(1.036757, 6);
  });

  it('uses the requested confidence level', () => {
    // [2, 4]: mean 3, variance 2, SE = 1, df = 1: a two-sided 90% interval is ± tan(0.45π)
    const interval = meanInterval(moments(2, 6, 20), 0.9)!;
    expect(interval.low).toBeCloseTo(3 - Math.tan(0.45 * Math.PI), 9);
    expect(interval.high).toBeCloseTo(3 + Math.tan(0.45 * Math.PI), 9);
  });

  it('collapses to the mean when every value is the same', () => {
    expect(meanInterval(moments(4, -2, 1))).toEqual({ low: -0.5, high: -0.5 });
  });

  it.each([moments(0, 0, 0), moments(1, 0.3, 0.09)])('is null below two values (%o)', (sample) => {
    expect(meanInterval(sample)).toBeNull();
  });
});

describe('percentile', () => {
  it.each<[number[], number, number]>([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4], 0.25, 1.75],
    [[10, 20, 30], 0.5, 20],
    [[10, 20, 30], 0.75, 25],
    [[0, 100], 0.9, 90],
    [[5, 5, 5, 5], 0.37, 5],
  ])('interpolates %j at p = %d to %d as percentile_cont does', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBeCloseTo(expected, 12);
  });

  it.each([0, 0.5, 0.9, 1])('returns the only value of a single-value sample at p = %d', (p) => {
    expect(percentile([42], p)).toBe(42);
  });

  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
  });
});
