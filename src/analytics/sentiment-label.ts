export type Label = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

/** The label of a score in [-1, 1] when none was provided: ±0.05 is the neutral band. */
export function labelForSentiment(score: number): Label {
  if (score >= 0.05) return 'POSITIVE';
  if (score <= -0.05) return 'NEGATIVE';
  return 'NEUTRAL';
}
