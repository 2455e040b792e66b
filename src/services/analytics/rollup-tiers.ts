/** [from, to) in epoch milliseconds. */
export type BucketRange = readonly [number, number];

/** Which buckets of each rollup tier cover the whole 15-minute slots of a set of segments. */
export interface TierRanges {
  day: BucketRange[];
  hour: BucketRange[];
  slot: BucketRange[];
}

export const SLOT_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const floorTo = (time: number, unit: number) => Math.floor(time / unit) * unit;
const ceilTo = (time: number, unit: number) => Math.ceil(time / unit) * unit;

/**
 * Splits the whole 15-minute slots of each segment [edges[i], edges[i + 1]) into UTC days, then UTC hours,
 * then 15-minute slots, each as coarse as fits inside the segment, so that every bucket read lies inside one
 * segment and no slot is read twice. Adjacent ranges of one tier are merged (across segments too: each
 * bucket still belongs to one segment). The slots an edge cuts are left to the raw rows.
 */
export function tierRanges(edges: readonly number[]): TierRanges {
  const ranges: TierRanges = { day: [], hour: [], slot: [] };
  for (let index = 0; index + 1 < edges.length; index++) {
    const slotFrom = ceilTo(edges[index]!, SLOT_MS);
    const slotTo = floorTo(edges[index + 1]!, SLOT_MS);
    if (slotFrom >= slotTo) continue;
    const hourFrom = ceilTo(slotFrom, HOUR_MS);
    const hourTo = floorTo(slotTo, HOUR_MS);
    if (hourFrom >= hourTo) {
      ranges.slot.push([slotFrom, slotTo]);
      continue;
    }
    ranges.slot.push([slotFrom, hourFrom], [hourTo, slotTo]);
    const dayFrom = ceilTo(hourFrom, DAY_MS);
    const dayTo = floorTo(hourTo, DAY_MS);
    if (dayFrom >= dayTo) {
      ranges.hour.push([hourFrom, hourTo]);
      continue;
    }
    ranges.hour.push([hourFrom, dayFrom], [dayTo, hourTo]);
    ranges.day.push([dayFrom, dayTo]);
  }
  return { day: merged(ranges.day), hour: merged(ranges.hour), slot: merged(ranges.slot) };
}

function merged(ranges: BucketRange[]): BucketRange[] {
  const sorted = ranges.filter(([from, to]) => from < to).sort((a, b) => a[0] - b[0]);
  const result: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = result.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else result.push([from, to]);
  }
  return result;
}
