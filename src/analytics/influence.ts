export interface InfluenceInputs {
  followers: number;
  verified: boolean;
}

/**
 * Influence score in [0, 100]: 80 points for audience on a log scale (saturating at 100 million
 * followers: each tenfold growth adds 10 points) plus 20 points for a verified account.
 * Rounded to one decimal.
 */
export function influenceScore({ followers, verified }: InfluenceInputs): number {
  const audience = Number.isFinite(followers) && followers > 0 ? Math.min(1, Math.log10(1 + followers) / 8) : 0;
  const score = 80 * audience + (verified ? 20 : 0);
  return Math.round(score * 10) / 10;
}
