import { describe, expect, it } from 'vitest';
import { findRecovery, type SentimentSlot } from '../../src/analytics/recovery';

/**
 * Slots of 10 ms starting at 0, 10, 20…, each written as [volume, sentimentSum]; null leaves a gap. Small
 * numbers keep every trailing average checkable by hand.
 */
const SLOT = 10;
function slotsOf(rows: ReadonlyArray<readonly [number, number] | null>): SentimentSlot[] {
  return rows.flatMap((row, index) => (row ? [{ start: index * SLOT, volume: row[0], sentimentSum: row[1] }] : []));
}
const band = (low: number) => ({ low, high: low + 0.5 });

describe('findRecovery', () => {
  // trailing 30 ms (three slots) at each slot end:
  //   10: 0.5   20: 0.5   30: 0   40: −0.5   50: −2/3   60: −1/6   70: 1/3   80…100: 0.5
  const dip = slotsOf([
    [2, 1],
    [2, 1],
    [2, -2],
    [2, -2],
    [2, 0],
    [2, 1],
    [2, 1],
    [2, 1],
    [2, 1],
    [2, 1],
  ]);
  const whole = { from: 0, peakUntil: 100, until: 100, windowMs: 30 };

  it.each([
    ['recovers at the first trailing average back at the lower bound', 0.3, 70],
    ['recovers at a later slot for a higher lower bound', 0.4, 80],
    ['counts an average exactly at the lower bound as recovered', 0.5, 80],
    ['never recovers when the lower bound is out of reach', 0.6, null],
    // "back within the interval", read literally: above it is not within it, and the peak itself never counts
    ['never recovers when the trailing average stays above the interval after the peak', -1, null],
  ])('%s (lower bound %d → %s)', (_, low, recoveredAt) => {
    expect(findRecovery(dip, SLOT, whole, band(low))).toEqual({ peakAt: 50, recoveredAt });
  });

  it('finds the peak but no recovery without a baseline interval', () => {
    expect(findRecovery(dip, SLOT, whole, null)).toEqual({ peakAt: 50, recoveredAt: null });
  });

  it('has neither peak nor recovery without slots', () => {
    expect(findRecovery([], SLOT, whole, band(0))).toEqual({ peakAt: null, recoveredAt: null });
  });

  it('skips trailing windows whose slots hold no mentions', () => {
    const silent = slotsOf([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(findRecovery(silent, SLOT, { from: 0, peakUntil: 30, until: 30, windowMs: 30 }, band(0))).toEqual({ peakAt: null, recoveredAt: null });
  });

  it('counts slots from before `from` in the trailing window but evaluates only after it', () => {
    // from = 30: the first evaluation is at 40, over slots 10–30, which started before `from`
    expect(findRecovery(dip, SLOT, { ...whole, from: 30 }, band(0.3))).toEqual({ peakAt: 50, recoveredAt: 70 });
    // from = 55: evaluations start at 60, after the deepest point; the lowest seen is −1/6 at 60
    expect(findRecovery(dip, SLOT, { ...whole, from: 55 }, band(0.3))).toEqual({ peakAt: 60, recoveredAt: 70 });
  });

  it('takes the earliest of equally low averages as the peak', () => {
    // one-slot window: −0.5 at 10, 0.2 at 20, −0.5 at 30, 0.5 at 40
    const twice = slotsOf([
      [1, -0.5],
      [1, 0.2],
      [1, -0.5],
      [1, 0.5],
    ]);
    expect(findRecovery(twice, SLOT, { from: 0, peakUntil: 40, until: 40, windowMs: 10 }, band(0.1))).toEqual({ peakAt: 10, recoveredAt: 20 });
  });

  it('looks for the peak only up to peakUntil but for recovery up to until', () => {
    // one-slot window: 0 at 10, −0.2 at 20, 0.3 at 30, −0.9 at 40, 0.5 at 50
    const late = slotsOf([
      [1, 0],
      [1, -0.2],
      [1, 0.3],
      [1, -0.9],
      [1, 0.5],
    ]);
    expect(findRecovery(late, SLOT, { from: 0, peakUntil: 20, until: 50, windowMs: 10 }, band(0.25))).toEqual({ peakAt: 20, recoveredAt: 30 });
    expect(findRecovery(late, SLOT, { from: 0, peakUntil: 20, until: 50, windowMs: 10 }, band(0.4))).toEqual({ peakAt: 20, recoveredAt: 50 });
    expect(findRecovery(late, SLOT, { from: 0, peakUntil: 20, until: 20, windowMs: 10 }, band(0.25))).toEqual({ peakAt: 20, recoveredAt: null });
  });

  it('lets slots leave the trailing window across a gap and resumes when mentions return', () => {
    // slot 0 (average −0.5) is in the windows ending 10, 20, 30; nothing until slot 100 (0.8), in those ending 110–130
    const gap = slotsOf([[2, -1], null, null, null, null, null, null, null, null, null, [1, 0.8]]);
    expect(findRecovery(gap, SLOT, { from: 0, peakUntil: 150, until: 150, windowMs: 30 }, band(0.5))).toEqual({ peakAt: 10, recoveredAt: 110 });
  });

  it('starts evaluating at the first slot end after an unaligned `from`', () => {
    // one-slot window: slot 0 (−1) ends at 10, before from = 15; slot 10 (0) ends at 20
    const slots = slotsOf([
      [1, -1],
      [1, 0],
      [1, 0.4],
    ]);
    expect(findRecovery(slots, SLOT, { from: 15, peakUntil: 30, until: 30, windowMs: 10 }, band(0.3))).toEqual({ peakAt: 20, recoveredAt: 30 });
  });

  it('finds peak and recovery of a six-hour crisis with 15-minute slots and a 24-hour window', () => {
    const slotMs = 15 * 60_000;
    const hour = 3_600_000;
    const start = Date.parse('2026-03-02T09:00:00Z');
    // four mentions a slot: 0.3 each for the day before, −0.6 for six hours, then 0.4
    const slots: SentimentSlot[] = [];
    for (let slot = start - 24 * hour; slot < start + 48 * hour; slot += slotMs) {
      const sentiment = slot < start ? 0.3 : slot < start + 6 * hour ? -0.6 : 0.4;
      slots.push({ start: slot, volume: 4, sentimentSum: 4 * sentiment });
    }
    // k slots into the crisis the 96-slot average is 0.3 − 0.9k/96 (k ≤ 24), then (4.8 + 0.1k)/96 (k ≤ 96),
    // then (38.4 − c)/96 with c = 120 − k crisis slots left: lowest at k = 24, first ≥ 0.25 at k = 106
    const recovery = findRecovery(slots, slotMs, { from: start, peakUntil: start + 8 * hour, until: start + 48 * hour, windowMs: 24 * hour }, band(0.25));
    expect(recovery).toEqual({ peakAt: start + 6 * hour, recoveredAt: start + 106 * slotMs });
  });
});
