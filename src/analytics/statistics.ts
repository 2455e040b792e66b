/** A sample summarised by its size, sum and sum of squares (what the rollups store). */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export interface Interval {
  low: number;
  high: number;
}

export function momentsOf(values: readonly number[]): Moments {
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    sum += value;
    sumOfSquares += value * value;
  }
  return { n: values.length, sum, sumOfSquares };
}

export function mean({ n, sum }: Moments): number | null {
  return n === 0 ? null : sum / n;
}

/** Unbiased sample variance; null below two values. Never negative, whatever the rounding of the sums. */
export function sampleVariance({ n, sum, sumOfSquares }: Moments): number | null {
  if (n < 2) return null;
  return Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
}

/** Population standard deviation (divides by n); 0 for an empty sample. */
export function populationStdDev(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const average = values.reduce((total, value) => total + value, 0) / values.length;
  const squares = values.reduce((total, value) => total + (value - average) ** 2, 0);
  return Math.sqrt(squares / values.length);
}

/**
 * Welch's 95% interval for mean(b) − mean(a), centred on `difference` (the caller's own estimate of the
 * change, so the interval and the reported change agree). Null when either sample has fewer than two values.
 */
export function welchInterval(a: Moments, b: Moments, difference: number, confidence = 0.95): Interval | null {
  const varianceA = sampleVariance(a);
  const varianceB = sampleVariance(b);
  if (varianceA === null || varianceB === null) return null;
  const termA = varianceA / a.n;
  const termB = varianceB / b.n;
  const standardError = Math.sqrt(termA + termB);
  if (standardError === 0) return { low: difference, high: difference };
  // the sums overflowed (values beyond ~1e154): no interval rather than a thrown RangeError
  if (!Number.isFinite(standardError)) return null;
  // Welch–Satterthwaite degrees of freedom, from each side's share of the variance so that squaring the
  // terms neither underflows (tiny spreads) nor overflows (huge ones) into 0/0
  const shareA = termA / (termA + termB);
  const shareB = termB / (termA + termB);
  const degrees = 1 / ((shareA * shareA) / (a.n - 1) + (shareB * shareB) / (b.n - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, degrees) * standardError;
  return { low: difference - margin, high: difference + margin };
}

/** Student's 95% interval of a sample's mean; null below two values. */
export function meanInterval(sample: Moments, confidence = 0.95): Interval | null {
  const variance = sampleVariance(sample);
  if (variance === null) return null;
  const average = sample.sum / sample.n;
  const margin = studentTQuantile(1 - (1 - confidence) / 2, sample.n - 1) * Math.sqrt(variance / sample.n);
  return { low: average - margin, high: average + margin };
}

/** The t value below which `probability` of Student's t distribution with `degrees` (≥ 1, may be fractional) lies. */
export function studentTQuantile(probability: number, degrees: number): number {
  if (!(probability > 0 && probability < 1) || !(degrees > 0)) throw new RangeError('probability in (0, 1) and degrees > 0 required');
  if (probability === 0.5) return 0;
  // past ~1e7 degrees d / (d + t²) rounds towards 1 and the tail loses its digits (Infinity gave 0); there
  // the distribution is normal to within 3e-7
  degrees = Math.min(degrees, 1e7);
  const tail = probability > 0.5 ? 2 * (1 - probability) : 2 * probability;
  let low = 0;
  let high = 1;
  while (twoSidedTail(high, degrees) > tail) high *= 2;
  for (let step = 0; step < 100 && high - low > 1e-12 * high; step += 1) {
    const middle = (low + high) / 2;
    if (twoSidedTail(middle, degrees) > tail) low = middle;
    else high = middle;
  }
  const t = (low + high) / 2;
  return probability > 0.5 ? t : -t;
}

/** P(|T| > t) for Student's t with `degrees` of freedom. */
function twoSidedTail(t: number, degrees: number): number {
  return regularizedIncompleteBeta(degrees / (degrees + t * t), degrees / 2, 0.5);
}

function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // the continued fraction converges fast only on this side of the mean
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let result = d;
  for (let m = 1; m <= 300; m += 1) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return result;

  function nonZero(value: number): number {
    return Math.abs(value) < tiny ? tiny : value;
  }
}

// Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for positive arguments
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i += 1) sum += LANCZOS[i]! / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The `p`-quantile (0–1) of sorted values by linear interpolation between closest ranks (the default of
 * PostgreSQL's percentile_cont, NumPy and Excel's PERCENTILE.INC). Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}
