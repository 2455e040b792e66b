import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarBuckets } from '../../src/analytics/calendar';
import { SLOT_MS, tierRanges, type TierRanges } from '../../src/services/analytics/rollup-tiers';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

const iso = (time: number) => new Date(time).toISOString();

/** Every 15-minute slot each tier's ranges read, with the bucket that reads it and its length. */
function slotsRead(ranges: TierRanges): Array<{ slot: number; bucket: number; length: number }> {
  const read: Array<{ slot: number; bucket: number; length: number }> = [];
  for (const [tier, length] of [['day', DAY_MS], ['hour', HOUR_MS], ['slot', SLOT_MS]] as const) {
    for (const [from, to] of ranges[tier]) {
      if (from % length !== 0 || to % length !== 0) throw new Error(`${tier} range ${iso(from)}–${iso(to)} off its boundaries`);
      for (let bucket = from; bucket < to; bucket += length) {
        for (let slot = bucket; slot < bucket + length; slot += SLOT_MS) read.push({ slot, bucket, length });
      }
    }
  }
  return read;
}

/** The ranges read each whole slot of each segment exactly once, and each bucket lies inside one segment. */
function checkCover(edges: readonly number[]): void {
  const read = slotsRead(tierRanges(edges));
  const seen = new Set<number>();
  let segment = 0;
  for (const { slot, bucket, length } of read.sort((a, b) => a.slot - b.slot)) {
    if (seen.has(slot)) throw new Error(`slot ${iso(slot)} read twice`);
    seen.add(slot);
    while (segment + 1 < edges.length && edges[segment + 1]! <= bucket) segment++;
    if (bucket < edges[segment]! || segment + 1 >= edges.length || bucket + length > edges[segment + 1]!) {
      throw new Error(`bucket ${iso(bucket)} (${length / 60_000} min) not inside one segment`);
    }
  }
  let whole = 0;
  for (let index = 0; index + 1 < edges.length; index++) {
    for (let slot = Math.ceil(edges[index]! / SLOT_MS) * SLOT_MS; slot + SLOT_MS <= edges[index + 1]!; slot += SLOT_MS) {
      whole++;
      if (!seen.has(slot)) throw new Error(`whole slot ${iso(slot)} not read`);
    }
  }
  expect(seen.size).toBe(whole);
}

describe('rollup tiers: which day, hour and slot buckets cover a set of segments', () => {
  it('reads a UTC month as days, and its cut ends as hours and slots', () => {
    expect(tierRanges([at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')])).toEqual({
      day: [[at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')]],
      hour: [],
      slot: [],
    });
    const ranges = tierRanges([at('2026-10-01T17:30:00Z'), at('2026-10-03T05:20:00Z')]);
    expect(ranges.day).toEqual([[at('2026-10-02T00:00:00Z'), at('2026-10-03T00:00:00Z')]]);
    expect(ranges.hour).toEqual([
      [at('2026-10-01T18:00:00Z'), at('2026-10-02T00:00:00Z')],
      [at('2026-10-03T00:00:00Z'), at('2026-10-03T05:00:00Z')],
    ]);
    expect(ranges.slot).toEqual([
      [at('2026-10-01T17:30:00Z'), at('2026-10-01T18:00:00Z')],
      [at('2026-10-03T05:00:00Z'), at('2026-10-03T05:15:00Z')],
    ]);
  });

  it('reads local days of a :30 zone as UTC hours, and the cut hour of each day as slots', () => {
    const edges = calendarBuckets(at('2026-10-01T00:00:00Z'), at('2026-10-08T00:00:00Z'), 'DAY', 'Asia/Kolkata', 100).map((bucket) => bucket.start);
    const ranges = tierRanges([...edges, at('2026-10-08T00:00:00Z')]);
    expect(ranges.day).toEqual([]);
    // 18:30 UTC is local midnight: 18:00–18:30 belongs to one day, 18:30–19:00 to the next
    expect(ranges.slot).toContainEqual([at('2026-10-02T18:00:00Z'), at('2026-10-02T19:00:00Z')]);
    checkCover([...edges, at('2026-10-08T00:00:00Z')]);
  });

  it('covers every whole slot once for calendar buckets of any zone and granularity', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    const granularities = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        fc.integer({ min: 1, max: 45 * 24 * 60 }),
        fc.constantFrom(...zones),
        fc.constantFrom(...granularities),
        (startMinute, lengthMinutes, zone, granularity) => {
          const from = at('2026-01-01T00:00:00Z') + startMinute * 60_000 + (startMinute % 7) * 1000;
          const to = from + lengthMinutes * 60_000;
          let buckets;
          try {
            buckets = calendarBuckets(from, to, granularity, zone, 2_000);
          } catch {
            return; // more buckets than the limit: not a question the API answers
          }
          const edges = [...buckets.map((bucket) => Math.max(bucket.start, from)), to];
          checkCover(edges);
        },
      ),
      { seed: 20261124, numRuns: 200 },
    );
  });
});
