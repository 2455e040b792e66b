export type Granularity = 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

/** A calendar bucket `[start, end)` as epoch milliseconds. */
export interface CalendarBucket {
  start: number;
  end: number;
}

export class BucketLimitError extends Error {
  constructor(
    readonly limit: number,
    readonly approximateCount: number,
  ) {
    super(`more than ${limit} buckets (about ${approximateCount})`);
  }
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const NOMINAL_LENGTH: Record<Granularity, number> = { MINUTE, HOUR, DAY, WEEK: 7 * DAY, MONTH: 30.44 * DAY };

/**
 * The calendar buckets of `timeZone` that overlap `[from, to)`, in order. Minutes and hours are the local
 * clock's; a change of UTC offset starts a new bucket, so the repeated hour of a DST fall-back is its own
 * bucket and no bucket spans a jump. Days, ISO weeks (from Monday) and months start at local midnight, or
 * at the first instant of the day where a transition skips midnight. The first bucket may start before
 * `from` and the last end after `to`: callers clip the data, not the labels.
 */
export function calendarBuckets(from: number, to: number, granularity: Granularity, timeZone: string, limit: number): CalendarBucket[] {
  // an empty range overlaps no bucket, not even the one its start falls in
  if (from >= to) return [];
  const clock = new Clock(timeZone);
  const buckets: CalendarBucket[] = [];
  const walk = clock.walk(from, granularity);
  let start = walk.start;
  while (start < to) {
    if (buckets.length === limit) throw new BucketLimitError(limit, Math.ceil((to - from) / NOMINAL_LENGTH[granularity]));
    const end = walk.next();
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** The start of the calendar bucket that contains `instant`. */
export function bucketStart(instant: number, granularity: Granularity, timeZone: string): number {
  return new Clock(timeZone).walk(instant, granularity).start;
}

/** A local calendar date: its label (that date's midnight written in UTC) and the instants it spans, `[start, end)`. */
export interface LocalDate {
  label: number;
  start: number;
  end: number;
}

/** The local date of `timeZone` that contains `instant`. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  return localDates(instant, instant + 1, timeZone)[0]!;
}

/** The local dates of `timeZone` that overlap `[from, to)`, in order, in one walk (a date a transition skips spans nothing). */
export function localDates(from: number, to: number, timeZone: string): LocalDate[] {
  const walk = new Clock(timeZone).walkCalendar(from, 'DAY');
  const dates: LocalDate[] = [];
  let start = walk.start;
  while (start < to) {
    const label = walk.wallDate;
    const end = walk.next();
    dates.push({ label, start, end });
    start = end;
  }
  return dates;
}

interface Walk {
  readonly start: number;
  /** The start of the following bucket; each call moves one bucket on. */
  next(): number;
}

interface CalendarWalk extends Walk {
  /** The local date the current bucket starts on, as that date's midnight written in UTC. */
  readonly wallDate: number;
}

const READING = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** Local wall-clock readings of instants in one time zone, and the instants where local periods begin. */
class Clock {
  private static readonly formats = new Map<string, Intl.DateTimeFormat>();
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    let format = Clock.formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      Clock.formats.set(timeZone, format);
    }
    this.format = format;
  }

  /** The local wall-clock time of an instant, written as the epoch milliseconds of that reading in UTC. */
  wall(instant: number): number {
    const whole = Math.floor(instant / SECOND) * SECOND;
    // format() and a regular expression are several times faster than formatToParts()
    const match = READING.exec(this.format.format(whole));
    if (!match) throw new Error(`Unexpected date format for ${whole}`);
    const [, month, day, year, hour, minute, second] = match.map(Number) as number[];
    return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + (instant - whole);
  }

  offset(instant: number): number {
    return this.wall(instant) - instant;
  }

  walk(instant: number, granularity: Granularity): Walk {
    return granularity === 'MINUTE' || granularity === 'HOUR' ? this.walkClock(instant, granularity === 'MINUTE' ? MINUTE : HOUR) : this.walkCalendar(instant, granularity);
  }

  private walkClock(instant: number, unit: number): Walk {
    const instantOffset = this.offset(instant);
    const candidate = instant - modulo(instant + instantOffset, unit);
    const candidateOffset = this.offset(candidate);
    // a transition between the local period's nominal start and the instant begins the bucket
    let start = candidateOffset === instantOffset ? candidate : this.firstChange(candidate, instant, candidateOffset);
    let offset = start === candidate ? candidateOffset : instantOffset;
    return {
      start,
      next: () => {
        const following = start + unit - modulo(start + offset, unit);
        const followingOffset = this.offset(following);
        start = followingOffset === offset ? following : this.firstChange(start, following, offset);
        offset = this.offset(start);
        return start;
      },
    };
  }

  walkCalendar(instant: number, granularity: 'DAY' | 'WEEK' | 'MONTH'): CalendarWalk {
    const date = new Date(this.wall(instant));
    let year = date.getUTCFullYear();
    let month = date.getUTCMonth();
    let day = date.getUTCDate();
    if (granularity === 'WEEK') day -= (date.getUTCDay() + 6) % 7;
    if (granularity === 'MONTH') day = 1;
    let offset = this.offset(instant);
    const locate = (wall: number): number => {
      // the usual case: no transition since the last bucket start, one reading confirms it
      const guess = wall - offset;
      const guessOffset = this.offset(guess);
      const start = guessOffset === offset ? guess : this.firstInstantAtOrAfter(wall);
      offset = start === guess ? guessOffset : this.offset(start);
      return start;
    };
    const start = this.firstInstantAtOrAfter(Date.UTC(year, month, day));
    offset = this.offset(start);
    return {
      start,
      get wallDate() {
        return Date.UTC(year, month, day);
      },
      next: () => {
        if (granularity === 'DAY') day += 1;
        else if (granularity === 'WEEK') day += 7;
        else month += 1;
        const wall = Date.UTC(year, month, day);
        const normalized = new Date(wall);
        [year, month, day] = [normalized.getUTCFullYear(), normalized.getUTCMonth(), normalized.getUTCDate()];
        return locate(wall);
      },
    };
  }

  /** The first instant whose wall-clock reading is `wall`, or, when a transition skips it, the transition. */
  private firstInstantAtOrAfter(wall: number): number {
    const early = wall - this.offset(wall + DAY);
    const late = wall - this.offset(wall - DAY);
    const exact = [early, late].filter((instant) => this.wall(instant) === wall);
    if (exact.length > 0) return Math.min(...exact);
    let low = Math.min(early, late);
    let high = Math.max(early, late);
    if (low === high) return low;
    while (high - low > 1) {
      const middle = low + Math.floor((high - low) / 2);
      if (this.wall(middle) >= wall) high = middle;
      else low = middle;
    }
    return high;
  }

  /** The first instant in `(low, high]` whose UTC offset differs from `offset`, the one at `low`. */
  private firstChange(low: number, high: number, offset: number): number {
    while (high - low > 1) {
      const middle = low + Math.floor((high - low) / 2);
      if (this.offset(middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  }
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
