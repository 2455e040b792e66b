import type { Interval } from './statistics';

/** Audience mentions of one rollup slot (15 minutes): how many, and the sum of their sentiments. */
export interface SentimentSlot {
  start: number;
  volume: number;
  sentimentSum: number;
}

export interface Recovery {
  /** When the trailing average sentiment was lowest during the crisis; null with no mentions to judge by. */
  peakAt: number | null;
  recoveredAt: number | null;
}

/**
 * Walks the slot ends from `from` to `until`, keeping the average sentiment of the trailing `windowMs`. The
 * peak is the lowest trailing average up to `peakUntil` (ties: the earliest); recovery is the first slot end
 * after the peak whose trailing average is back within the baseline's interval. A
 * trailing window without mentions proves nothing and is skipped. `slots` are in order and may have gaps.
 */
export function findRecovery(
  slots: readonly SentimentSlot[],
  slotMs: number,
  window: { from: number; peakUntil: number; until: number; windowMs: number },
  baseline: Interval | null,
): Recovery {
  const evaluations = trailingAverages(slots, slotMs, window);
  let peak: { at: number; average: number } | null = null;
  for (const evaluation of evaluations) {
    if (evaluation.at > window.peakUntil) break;
    if (!peak || evaluation.average < peak.average) peak = evaluation;
  }
  if (!peak || !baseline) return { peakAt: peak?.at ?? null, recoveredAt: null };
  const recovered = evaluations.find((evaluation) => evaluation.at > peak.at && evaluation.average >= baseline.low && evaluation.average <= baseline.high);
  return { peakAt: peak.at, recoveredAt: recovered?.at ?? null };
}

function trailingAverages(
  slots: readonly SentimentSlot[],
  slotMs: number,
  window: { from: number; until: number; windowMs: number },
): Array<{ at: number; average: number }> {
  const evaluations: Array<{ at: number; average: number }> = [];
  let volume = 0;
  let sentimentSum = 0;
  let entering = 0;
  let leaving = 0;
  const firstEnd = Math.ceil(window.from / slotMs) * slotMs + (window.from % slotMs === 0 ? slotMs : 0);
  for (let at = firstEnd; at <= window.until; at += slotMs) {
    while (entering < slots.length && slots[entering]!.start + slotMs <= at) {
      volume += slots[entering]!.volume;
      sentimentSum += slots[entering]!.sentimentSum;
      entering += 1;
    }
    while (leaving < entering && slots[leaving]!.start < at - window.windowMs) {
      volume -= slots[leaving]!.volume;
      sentimentSum -= slots[leaving]!.sentimentSum;
      leaving += 1;
    }
    if (volume > 0) evaluations.push({ at, average: sentimentSum / volume });
  }
  return evaluations;
}
