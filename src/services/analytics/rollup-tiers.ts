import { localDateOf, localDates, type LocalDate } from '../../analytics/calendar';

/** [from, to) in epoch milliseconds. */
export type BucketRange = readonly [number, number];

/** Local dates `[from, to)` (labels: each date's midnight written in UTC) that all lie inside one segment. */
export interface DayRange {
  from: number;
  to: number;
  /** 0-based segment index. */
  segment: number;
}

/** Which buckets of each rollup tier cover the whole 15-minute slots of a set of segments. */
export interface TierRanges {
  day: DayRange[];
  hour: BucketRange[];
  slot: BucketRange[];
}

export const SLOT_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const floorTo = (time: number, unit: number) => Math.floor(time / unit) * unit;
const ceilTo = (time: number, unit: number) => Math.ceil(time / unit) * unit;

/**
 * Splits the whole 15-minute slots of each segment [edges[i], edges[i + 1]) into local dates of `dayZone`
 * (the organization's time zone, in which mention_day_rollups is kept; none when null), then UTC hours, then 15-minute slots,
 * each as coarse as fits inside the segment, so that every bucket read lies inside one segment and no slot is
 * read twice. Adjacent hour and slot ranges are merged (across segments too: each bucket still belongs to one
 * segment). The slots an edge cuts are left to the raw rows.
 */
export function tierRanges(edges: readonly number[], dayZone: string | null): TierRanges {
  const ranges: TierRanges = { day: [], hour: [], slot: [] };
  const hoursAndSlots = (slotFrom: number, slotTo: number) => {
    if (slotFrom >= slotTo) return;
    const hourFrom = ceilTo(slotFrom, HOUR_MS);
    const hourTo = floorTo(slotTo, HOUR_MS);
    if (hourFrom >= hourTo) {
      ranges.slot.push([slotFrom, slotTo]);
      return;
    }
    ranges.slot.push([slotFrom, hourFrom], [hourTo, slotTo]);
    ranges.hour.push([hourFrom, hourTo]);
  };
  const dates = dayZone === null ? null : datesOf(edges, dayZone);
  for (let index = 0; index + 1 < edges.length; index++) {
    const slotFrom = ceilTo(edges[index]!, SLOT_MS);
    const slotTo = floorTo(edges[index + 1]!, SLOT_MS);
    if (slotFrom >= slotTo) continue;
    const days = dates === null ? null : wholeDates(slotFrom, slotTo, dates);
    if (!days) {
      hoursAndSlots(slotFrom, slotTo);
      continue;
    }
    ranges.day.push({ from: days.from, to: days.to, segment: index });
    hoursAndSlots(slotFrom, days.start);
    hoursAndSlots(days.end, slotTo);
  }
  return { day: ranges.day, hour: merged(ranges.hour), slot: merged(ranges.slot) };
}

/** Finds the local date that contains an instant. */
type DateLookup = (instant: number) => LocalDate;

/**
 * The dates of the segments' span walked once when there are few per segment (tables by day, week or
 * month); each looked up on its own when a long span has few segments (a year of KPIs).
 */
function datesOf(edges: readonly number[], zone: string): DateLookup {
  const from = edges[0]!;
  const to = edges.at(-1)!;
  if (to - from > (edges.length - 1) * 8 * DAY_MS) return (instant) => localDateOf(instant, zone);
  const dates = localDates(from, to, zone).filter((date) => date.start < date.end);
  return (instant) => {
    let low = 0;
    let high = dates.length - 1;
    if (instant < dates[0]!.start || instant >= dates[high]!.end) return localDateOf(instant, zone);
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (dates[middle]!.start <= instant) low = middle;
      else high = middle - 1;
    }
    return dates[low]!;
  };
}

/**
 * The local dates whose slots all lie in [slotFrom, slotTo): as labels [from, to) and as the slots they span,
 * [start, end). A date holds the slots from the first one at or after its first instant.
 */
function wholeDates(slotFrom: number, slotTo: number, dateOf: DateLookup): { from: number; to: number; start: number; end: number } | null {
  // a date starting inside a slot (no zone does today) holds that slot's successor onwards
  const firstSlot = (instant: number) => ceilTo(instant, SLOT_MS);
  let first = dateOf(slotFrom);
  if (firstSlot(first.start) < slotFrom) {
    if (first.end >= slotTo) return null;
    first = dateOf(first.end);
  }
  let last = dateOf(slotTo - 1);
  if (firstSlot(last.end) > slotTo) {
    if (last.start <= slotFrom) return null;
    last = dateOf(last.start - 1);
  }
  if (first.label > last.label || firstSlot(first.start) >= firstSlot(last.end)) return null;
  return { from: first.label, to: last.label + DAY_MS, start: firstSlot(first.start), end: firstSlot(last.end) };
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
