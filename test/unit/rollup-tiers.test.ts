import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarBuckets, localDateOf } from '../../src/analytics/calendar';
import { SLOT_MS, tierRanges, type TierRanges } from '../../src/services/analytics/rollup-tiers';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

const iso = (time: number) => new Date(time).toISOString();

/** Every 15-minute slot each tier's ranges read, with the segment it is counted in when the tier says so. */
function slotsRead(ranges: TierRanges, dayZone: string | null): Array<{ slot: number; bucket: number; length: number; segment?: number }> {
  const read: Array<{ slot: number; bucket: number; length: number; segment?: number }> = [];
  for (const [tier, length] of [['hour', HOUR_MS], ['slot', SLOT_MS]] as const) {
    for (const [from, to] of ranges[tier]) {
      if (from % length !== 0 || to % length !== 0) throw new Error(`${tier} range ${iso(from)}–${iso(to)} off its boundaries`);
      for (let bucket = from; bucket < to; bucket += length) {
        for (let slot = bucket; slot < bucket + length; slot += SLOT_MS) read.push({ slot, bucket, length });
      }
    }
  }
  for (const day of ranges.day) {
    if (dayZone === null) throw new Error('day ranges without a day zone');
    if (day.from % DAY_MS !== 0 || day.to % DAY_MS !== 0) throw new Error(`day labels ${iso(day.from)}–${iso(day.to)} are not dates`);
    // a date's slots, as the day tier files them: those whose local date (in the organization's zone) has its label
    for (let slot = day.from - 2 * DAY_MS; slot < day.to + 2 * DAY_MS; slot += SLOT_MS) {
      const label = localDateOf(slot, dayZone).label;
      if (label >= day.from && label < day.to) read.push({ slot, bucket: slot, length: SLOT_MS, segment: day.segment });
    }
  }
  return read;
}

/** The ranges read each whole slot of each segment exactly once, and each bucket lies inside one segment. */
function checkCover(edges: readonly number[], dayZone: string | null): void {
  const read = slotsRead(tierRanges(edges, dayZone), dayZone);
  const seen = new Set<number>();
  for (const { slot, bucket, length, segment } of read.sort((a, b) => a.slot - b.slot)) {
    if (seen.has(slot)) throw new Error(`slot ${iso(slot)} read twice`);
    seen.add(slot);
    const containing = edges.findIndex((edge, index) => index + 1 < edges.length && edge <= bucket && bucket + length <= edges[index + 1]!);
    if (containing < 0) throw new Error(`bucket ${iso(bucket)} (${length / 60_000} min) not inside one segment`);
    if (segment !== undefined && segment !== containing) throw new Error(`slot ${iso(slot)} counted in segment ${segment}, lies in ${containing}`);
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
  it("reads a month of the organization's local dates as days, and its cut ends as hours and slots", () => {
    expect(tierRanges([at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')], 'UTC')).toEqual({
      day: [{ from: at('2026-10-01T00:00:00Z'), to: at('2026-11-01T00:00:00Z'), segment: 0 }],
      hour: [],
      slot: [],
    });
    const ranges = tierRanges([at('2026-10-01T17:30:00Z'), at('2026-10-03T05:20:00Z')], 'UTC');
    expect(ranges.day).toEqual([{ from: at('2026-10-02T00:00:00Z'), to: at('2026-10-03T00:00:00Z'), segment: 0 }]);
    expect(ranges.hour).toEqual([
      [at('2026-10-01T18:00:00Z'), at('2026-10-02T00:00:00Z')],
      [at('2026-10-03T00:00:00Z'), at('2026-10-03T05:00:00Z')],
    ]);
    expect(ranges.slot).toEqual([
      [at('2026-10-01T17:30:00Z'), at('2026-10-01T18:00:00Z')],
      [at('2026-10-03T05:00:00Z'), at('2026-10-03T05:15:00Z')],
    ]);
    // Jakarta's dates start at 17:00 UTC: a UTC month holds 30 of them whole, and 17 hours at each end
    const jakarta = tierRanges([at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')], 'Asia/Jakarta');
    expect(jakarta.day).toEqual([{ from: at('2026-10-02T00:00:00Z'), to: at('2026-11-01T00:00:00Z'), segment: 0 }]);
    expect(jakarta.hour).toEqual([
      [at('2026-10-01T00:00:00Z'), at('2026-10-01T17:00:00Z')],
      [at('2026-10-31T17:00:00Z'), at('2026-11-01T00:00:00Z')],
    ]);
  });

  it("reads each local day of a :30 zone as one date row when it is the organization's zone, else as hours and slots", () => {
    const edges = [...calendarBuckets(at('2026-10-01T00:00:00Z'), at('2026-10-08T00:00:00Z'), 'DAY', 'Asia/Kolkata', 100).map((bucket) => bucket.start), at('2026-10-08T00:00:00Z')];
    const own = tierRanges(edges, 'Asia/Kolkata');
    expect(own.day).toHaveLength(7);
    // the first edge is local midnight of 1 October, 18:30 UTC the day before
    expect(own.day[0]).toEqual({ from: at('2026-10-01T00:00:00Z'), to: at('2026-10-02T00:00:00Z'), segment: 0 });
    checkCover(edges, 'Asia/Kolkata');
    const utc = tierRanges(edges, 'UTC');
    expect(utc.day).toEqual([]);
    // 18:30 UTC is local midnight: 18:00–18:30 belongs to one day, 18:30–19:00 to the next
    expect(utc.slot).toContainEqual([at('2026-10-02T18:00:00Z'), at('2026-10-02T19:00:00Z')]);
    checkCover(edges, 'UTC');
    checkCover(edges, null);
  });

  it('covers every whole slot once for calendar buckets of any zone and granularity, whatever the organization zone', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    // zones whose transitions fall at midnight (a date starting at 01:00, or 00:00 twice) and a skipped date
    const organizationZones = [...zones, 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Pacific/Apia', null];
    const granularities = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        fc.integer({ min: 1, max: 45 * 24 * 60 }),
        fc.constantFrom(...zones),
        fc.constantFrom(...granularities),
        fc.constantFrom(...organizationZones),
        fc.boolean(),
        (startMinute, lengthMinutes, zone, granularity, dayZone, samoa) => {
          // Samoa skipped 2011-12-30 entirely
          const origin = samoa ? at('2011-12-01T00:00:00Z') : at('2026-01-01T00:00:00Z');
          const from = origin + startMinute * 60_000 + (startMinute % 7) * 1000;
          const to = from + lengthMinutes * 60_000;
          let buckets;
          try {
            buckets = calendarBuckets(from, to, granularity, zone, 2_000);
          } catch {
            return; // more buckets than the limit: not a question the API answers
          }
          const edges = [...buckets.map((bucket) => Math.max(bucket.start, from)), to];
          checkCover(edges, dayZone);
        },
      ),
      { seed: 20261124, numRuns: 200 },
    );
  });
});
