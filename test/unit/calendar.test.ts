import { describe, expect, it } from 'vitest';
import { BucketLimitError, bucketStart, calendarBuckets, type CalendarBucket, type Granularity } from '../../src/analytics/calendar';

const at = (iso: string): number => Date.parse(iso);
const isoOf = (instant: number): string => new Date(instant).toISOString();
const spans = (buckets: readonly CalendarBucket[]): Array<[string, string]> => buckets.map((bucket) => [isoOf(bucket.start), isoOf(bucket.end)]);
const buckets = (from: string, to: string, granularity: Granularity, timeZone: string, limit = 10_000) =>
  spans(calendarBuckets(at(from), at(to), granularity, timeZone, limit));

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * The local reading of an instant through Intl's formatToParts and the zone's offset name, a different path
 * from the one calendar.ts takes (format() and a regular expression), so the two can check each other.
 */
const readers = new Map<string, Intl.DateTimeFormat>();
function localReading(instant: number, timeZone: string) {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'longOffset',
    });
    readers.set(timeZone, reader);
  }
  const parts = Object.fromEntries(reader.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, hour: parts.hour!, minute: parts.minute!, offset: parts.timeZoneName! };
}

/** Which local period an instant belongs to: two instants share a bucket exactly when their keys are equal. */
function periodKey(instant: number, granularity: Granularity, timeZone: string): string {
  const reading = localReading(instant, timeZone);
  switch (granularity) {
    case 'MINUTE':
      return `${reading.date} ${reading.hour}:${reading.minute} ${reading.offset}`;
    case 'HOUR':
      return `${reading.date} ${reading.hour} ${reading.offset}`;
    case 'DAY':
      return reading.date;
    case 'WEEK': {
      // the local date's Monday, by plain calendar arithmetic on the date
      const day = new Date(`${reading.date}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
      return day.toISOString().slice(0, 10);
    }
    case 'MONTH':
      return reading.date.slice(0, 7);
  }
}

describe('calendarBuckets', () => {
  describe('in UTC', () => {
    it.each<[string, string, string, Granularity, Array<[string, string]>]>([
      [
        'cuts days at midnight',
        '2026-01-01T10:00:00Z',
        '2026-01-03T00:00:00Z',
        'DAY',
        [
          ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'],
          ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'],
        ],
      ],
      [
        'starts weeks on the ISO Monday, even when the range starts on a Thursday',
        '2026-01-01T00:00:00Z',
        '2026-01-06T00:00:00Z',
        'WEEK',
        [
          ['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
          ['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z'],
        ],
      ],
      [
        'starts a week on the Monday itself, not the one before',
        '2026-01-05T00:00:00Z',
        '2026-01-05T00:00:01Z',
        'WEEK',
        [['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z']],
      ],
      [
        'counts a Sunday in the week that began six days before',
        '2026-01-11T23:59:59Z',
        '2026-01-12T00:00:00Z',
        'WEEK',
        [['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z']],
      ],
      [
        'gives months their calendar lengths, February of a leap year included',
        '2028-01-15T00:00:00Z',
        '2028-03-02T00:00:00Z',
        'MONTH',
        [
          ['2028-01-01T00:00:00.000Z', '2028-02-01T00:00:00.000Z'],
          ['2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
          ['2028-03-01T00:00:00.000Z', '2028-04-01T00:00:00.000Z'],
        ],
      ],
      [
        'rolls a month over into the next year',
        '2026-12-31T23:00:00Z',
        '2027-01-01T00:00:01Z',
        'MONTH',
        [
          ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
          ['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
        ],
      ],
      [
        'cuts hours on the hour',
        '2026-05-05T10:30:00Z',
        '2026-05-05T12:00:00Z',
        'HOUR',
        [
          ['2026-05-05T10:00:00.000Z', '2026-05-05T11:00:00.000Z'],
          ['2026-05-05T11:00:00.000Z', '2026-05-05T12:00:00.000Z'],
        ],
      ],
      [
        'cuts minutes on the minute, ignoring seconds and milliseconds of the start',
        '2026-05-05T10:00:59.999Z',
        '2026-05-05T10:01:30Z',
        'MINUTE',
        [
          ['2026-05-05T10:00:00.000Z', '2026-05-05T10:01:00.000Z'],
          ['2026-05-05T10:01:00.000Z', '2026-05-05T10:02:00.000Z'],
        ],
      ],
    ])('%s', (_, from, to, granularity, expected) => {
      expect(buckets(from, to, granularity, 'UTC')).toEqual(expected);
    });
  });

  describe('in zones offset by a fraction of an hour', () => {
    it.each<[string, string, string, Granularity, string, Array<[string, string]>]>([
      [
        'starts Kolkata days at 18:30 UTC the day before',
        '2026-01-01T00:00:00Z',
        '2026-01-02T00:00:00Z',
        'DAY',
        'Asia/Kolkata',
        [
          ['2025-12-31T18:30:00.000Z', '2026-01-01T18:30:00.000Z'],
          ['2026-01-01T18:30:00.000Z', '2026-01-02T18:30:00.000Z'],
        ],
      ],
      [
        'starts Kolkata hours at half past the UTC hour',
        '2026-01-01T00:00:00Z',
        '2026-01-01T01:00:00Z',
        'HOUR',
        'Asia/Kolkata',
        [
          ['2025-12-31T23:30:00.000Z', '2026-01-01T00:30:00.000Z'],
          ['2026-01-01T00:30:00.000Z', '2026-01-01T01:30:00.000Z'],
        ],
      ],
      [
        'starts Kathmandu days at 18:15 UTC the day before',
        '2026-01-01T18:14:59Z',
        '2026-01-01T18:15:01Z',
        'DAY',
        'Asia/Kathmandu',
        [
          ['2025-12-31T18:15:00.000Z', '2026-01-01T18:15:00.000Z'],
          ['2026-01-01T18:15:00.000Z', '2026-01-02T18:15:00.000Z'],
        ],
      ],
      [
        'starts Kathmandu hours at a quarter past the UTC hour',
        '2026-01-01T00:00:00Z',
        '2026-01-01T01:15:00Z',
        'HOUR',
        'Asia/Kathmandu',
        [
          ['2025-12-31T23:15:00.000Z', '2026-01-01T00:15:00.000Z'],
          ['2026-01-01T00:15:00.000Z', '2026-01-01T01:15:00.000Z'],
        ],
      ],
      [
        'starts Kathmandu weeks at Monday midnight local time',
        '2026-01-04T18:14:00Z',
        '2026-01-04T18:16:00Z',
        'WEEK',
        'Asia/Kathmandu',
        [
          ['2025-12-28T18:15:00.000Z', '2026-01-04T18:15:00.000Z'],
          ['2026-01-04T18:15:00.000Z', '2026-01-11T18:15:00.000Z'],
        ],
      ],
      [
        'starts Kolkata months at local midnight of the first',
        '2026-02-10T00:00:00Z',
        '2026-03-01T00:00:00Z',
        'MONTH',
        'Asia/Kolkata',
        [
          ['2026-01-31T18:30:00.000Z', '2026-02-28T18:30:00.000Z'],
          ['2026-02-28T18:30:00.000Z', '2026-03-31T18:30:00.000Z'],
        ],
      ],
    ])('%s', (_, from, to, granularity, timeZone, expected) => {
      expect(buckets(from, to, granularity, timeZone)).toEqual(expected);
    });
  });

  describe('across daylight saving changes', () => {
    it('splits the New York fall-back hour into two buckets', () => {
      expect(buckets('2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z', 'HOUR', 'America/New_York')).toEqual([
        ['2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z'], // 00:00 EDT
        ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z'], // 01:00 EDT
        ['2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z'], // 01:00 EST, the repeated hour
        ['2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z'], // 02:00 EST
      ]);
    });

    it('goes straight from 01:00 to 03:00 on the New York spring-forward night', () => {
      expect(buckets('2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z', 'HOUR', 'America/New_York')).toEqual([
        ['2026-03-08T05:00:00.000Z', '2026-03-08T06:00:00.000Z'], // 00:00 EST
        ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z'], // 01:00 EST
        ['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z'], // 03:00 EDT
        ['2026-03-08T08:00:00.000Z', '2026-03-08T09:00:00.000Z'], // 04:00 EDT
      ]);
    });

    it('makes the New York spring-forward day 23 hours and the fall-back day 25 hours long', () => {
      expect(buckets('2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z', 'DAY', 'America/New_York')).toEqual([
        ['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z'],
        ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
        ['2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
      ]);
      expect(buckets('2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z', 'DAY', 'America/New_York')).toEqual([
        ['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z'],
        ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
        ['2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z'],
      ]);
    });

    it('gives the Lord Howe fall-back a 30-minute hour bucket', () => {
      // 02:00 +11:00 becomes 01:30 +10:30 at 15:00Z; the half hour until 02:00 +10:30 is its own bucket
      expect(buckets('2026-04-04T13:00:00Z', '2026-04-04T17:00:00Z', 'HOUR', 'Australia/Lord_Howe')).toEqual([
        ['2026-04-04T13:00:00.000Z', '2026-04-04T14:00:00.000Z'],
        ['2026-04-04T14:00:00.000Z', '2026-04-04T15:00:00.000Z'],
        ['2026-04-04T15:00:00.000Z', '2026-04-04T15:30:00.000Z'],
        ['2026-04-04T15:30:00.000Z', '2026-04-04T16:30:00.000Z'],
        ['2026-04-04T16:30:00.000Z', '2026-04-04T17:30:00.000Z'],
      ]);
    });

    it('gives the Lord Howe spring-forward a 30-minute hour bucket', () => {
      // 02:00 +10:30 becomes 02:30 +11:00 at 15:30Z; the half hour until 03:00 +11:00 is its own bucket
      expect(buckets('2026-10-03T14:30:00Z', '2026-10-03T17:00:00Z', 'HOUR', 'Australia/Lord_Howe')).toEqual([
        ['2026-10-03T14:30:00.000Z', '2026-10-03T15:30:00.000Z'],
        ['2026-10-03T15:30:00.000Z', '2026-10-03T16:00:00.000Z'],
        ['2026-10-03T16:00:00.000Z', '2026-10-03T17:00:00.000Z'],
      ]);
    });

    it('makes the Lord Howe fall-back day 24.5 hours long', () => {
      const [day] = calendarBuckets(at('2026-04-05T00:00:00Z'), at('2026-04-05T00:00:01Z'), 'DAY', 'Australia/Lord_Howe', 10);
      expect(spans([day!])).toEqual([['2026-04-04T13:00:00.000Z', '2026-04-05T13:30:00.000Z']]);
      expect(day!.end - day!.start).toBe(24.5 * HOUR_MS);
    });

    it('starts the Havana day at 01:00 local time when DST skips midnight', () => {
      // 2026-03-08 00:00 CST (05:00Z) does not exist: the clock reads 01:00 CDT at that instant
      expect(buckets('2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z', 'DAY', 'America/Havana')).toEqual([
        ['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z'],
        ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
        ['2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
      ]);
    });

    it('starts the Havana fall-back day at the first of its two midnights', () => {
      expect(buckets('2026-11-01T04:30:00Z', '2026-11-01T05:30:00Z', 'DAY', 'America/Havana')).toEqual([
        ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
      ]);
    });

    it('starts the Havana week at Monday midnight even though its Sunday is 23 hours long', () => {
      expect(buckets('2026-03-08T12:00:00Z', '2026-03-09T12:00:00Z', 'WEEK', 'America/Havana')).toEqual([
        ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
        ['2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z'],
      ]);
    });

    it('makes the Berlin weeks spanning DST 167 and 169 hours long', () => {
      const spring = calendarBuckets(at('2026-03-25T12:00:00Z'), at('2026-03-25T12:00:01Z'), 'WEEK', 'Europe/Berlin', 10);
      expect(spans(spring)).toEqual([['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']]);
      expect(spring[0]!.end - spring[0]!.start).toBe(167 * HOUR_MS);
      const autumn = calendarBuckets(at('2026-10-21T12:00:00Z'), at('2026-10-21T12:00:01Z'), 'WEEK', 'Europe/Berlin', 10);
      expect(spans(autumn)).toEqual([['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']]);
      expect(autumn[0]!.end - autumn[0]!.start).toBe(169 * HOUR_MS);
    });

    it('starts Berlin months at local midnight on either side of DST', () => {
      expect(buckets('2026-02-15T00:00:00Z', '2026-04-01T00:00:00Z', 'MONTH', 'Europe/Berlin')).toEqual([
        ['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z'],
        ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
        ['2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z'],
      ]);
      expect(buckets('2026-10-15T00:00:00Z', '2026-11-01T00:00:00Z', 'MONTH', 'Europe/Berlin')).toEqual([
        ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'],
        ['2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'],
      ]);
    });

    it('keeps minute buckets one minute long through the New York fall-back', () => {
      const minutes = calendarBuckets(at('2026-11-01T05:58:00Z'), at('2026-11-01T06:02:00Z'), 'MINUTE', 'America/New_York', 10);
      expect(minutes.map((bucket) => bucket.end - bucket.start)).toEqual([MINUTE_MS, MINUTE_MS, MINUTE_MS, MINUTE_MS]);
      expect(isoOf(minutes[0]!.start)).toBe('2026-11-01T05:58:00.000Z');
    });
  });

  describe('shape', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe', 'America/Havana', 'Europe/Berlin'];
    const ranges: Array<[Granularity, string, string]> = [
      ['MINUTE', '2026-11-01T04:57:13.250Z', '2026-11-01T07:03:00Z'],
      ['HOUR', '2026-03-06T17:21:00Z', '2026-03-10T03:00:00Z'],
      ['HOUR', '2026-10-02T00:00:00Z', '2026-10-05T00:00:00Z'],
      ['HOUR', '2026-03-31T00:00:00Z', '2026-04-07T00:00:00Z'],
      ['HOUR', '2026-10-30T00:00:00Z', '2026-11-03T12:00:00Z'],
      ['HOUR', '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z'],
      ['HOUR', '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z'],
      ['DAY', '2025-12-20T07:07:07Z', '2027-01-10T00:00:00Z'],
      ['WEEK', '2025-12-20T07:07:07Z', '2027-01-10T00:00:00Z'],
      ['MONTH', '2025-12-20T07:07:07Z', '2027-01-10T00:00:00Z'],
    ];
    const cases = zones.flatMap((zone) => ranges.map(([granularity, from, to]) => [zone, granularity, from, to] as const));

    it.each(cases)('tiles the range contiguously with local periods in %s (%s from %s)', (zone, granularity, from, to) => {
      const result = calendarBuckets(at(from), at(to), granularity, zone, 10_000);
      expect(result.length).toBeGreaterThan(0);
      // the first bucket contains `from`, the last contains the instant just before `to`
      expect(result[0]!.start).toBeLessThanOrEqual(at(from));
      expect(result[0]!.end).toBeGreaterThan(at(from));
      expect(result.at(-1)!.start).toBeLessThan(at(to));
      expect(result.at(-1)!.end).toBeGreaterThanOrEqual(at(to));
      result.forEach((bucket, index) => {
        expect(bucket.end).toBeGreaterThan(bucket.start);
        if (index > 0) expect(bucket.start).toBe(result[index - 1]!.end);
        // a bucket is exactly one local period: it starts where the period starts and holds no period change
        expect(periodKey(bucket.start - 1, granularity, zone)).not.toBe(periodKey(bucket.start, granularity, zone));
        expect(periodKey(bucket.end - 1, granularity, zone)).toBe(periodKey(bucket.start, granularity, zone));
      });
    });

    it('reports UTC bucket starts on the local midnight in Kolkata, every day of a year', () => {
      const days = calendarBuckets(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'DAY', 'Asia/Kolkata', 1_000);
      expect(days).toHaveLength(366);
      for (const day of days) {
        expect(isoOf(day.start).slice(11)).toBe('18:30:00.000Z');
        expect(day.end - day.start).toBe(DAY_MS);
      }
    });

    it.each<[string, number, number]>([
      ['a range that starts mid-bucket and ends where it starts', at('2026-05-05T10:30:00Z'), at('2026-05-05T10:30:00Z')],
      ['a range that starts on a boundary and ends where it starts', at('2026-05-05T00:00:00Z'), at('2026-05-05T00:00:00Z')],
      ['a range that ends before it starts', at('2026-05-06T10:30:00Z'), at('2026-05-05T10:30:00Z')],
    ])('returns no buckets for %s', (_, from, to) => {
      expect(calendarBuckets(from, to, 'DAY', 'UTC', 10)).toEqual([]);
    });

    it('returns exactly one bucket for a one-millisecond range', () => {
      expect(buckets('2026-05-05T10:30:00Z', '2026-05-05T10:30:00.001Z', 'DAY', 'Europe/Berlin')).toEqual([
        ['2026-05-04T22:00:00.000Z', '2026-05-05T22:00:00.000Z'],
      ]);
    });

    it('rejects an unknown time zone', () => {
      expect(() => calendarBuckets(0, DAY_MS, 'DAY', 'Mars/Olympus_Mons', 10)).toThrow(RangeError);
    });

    it('rejects a start that is not a time', () => {
      expect(() => calendarBuckets(Number.NaN, DAY_MS, 'DAY', 'UTC', 10)).toThrow(RangeError);
    });
  });

  describe('limit', () => {
    it('returns exactly `limit` buckets without complaint', () => {
      expect(calendarBuckets(0, 10 * DAY_MS, 'DAY', 'UTC', 10)).toHaveLength(10);
    });

    it('throws BucketLimitError with the limit and an approximate count when more are needed', () => {
      let caught: unknown;
      try {
        calendarBuckets(0, 10 * DAY_MS + 1, 'DAY', 'UTC', 10);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BucketLimitError);
      expect(caught).toMatchObject({ limit: 10, approximateCount: 11 });
      expect((caught as Error).message).toContain('10');
    });

    it.each<[Granularity, number, number]>([
      ['MINUTE', 3 * DAY_MS, 3 * 24 * 60],
      ['HOUR', 365 * DAY_MS, 365 * 24],
      ['WEEK', 700 * DAY_MS, 100],
      ['MONTH', 3000 * DAY_MS, 99],
    ])('estimates %s buckets from the range length (%d ms → about %d)', (granularity, length, approximateCount) => {
      const from = at('2026-01-01T00:00:00Z');
      expect(() => calendarBuckets(from, from + length, granularity, 'UTC', 5)).toThrow(expect.objectContaining({ limit: 5, approximateCount }));
    });

    it('stops an unbounded range at the limit instead of looping', () => {
      expect(() => calendarBuckets(0, Number.POSITIVE_INFINITY, 'HOUR', 'UTC', 100)).toThrow(BucketLimitError);
    });
  });
});

describe('bucketStart', () => {
  it.each<[string, string, Granularity, string]>([
    ['2026-05-05T10:31:59.999Z', 'UTC', 'MINUTE', '2026-05-05T10:31:00.000Z'],
    ['2026-05-05T10:31:59.999Z', 'UTC', 'HOUR', '2026-05-05T10:00:00.000Z'],
    ['2026-05-05T10:31:59.999Z', 'UTC', 'DAY', '2026-05-05T00:00:00.000Z'],
    ['2026-05-10T23:59:59.999Z', 'UTC', 'WEEK', '2026-05-04T00:00:00.000Z'],
    ['2026-05-31T23:59:59.999Z', 'UTC', 'MONTH', '2026-05-01T00:00:00.000Z'],
    ['2026-01-01T10:00:30.500Z', 'Asia/Kathmandu', 'MINUTE', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T10:14:59.999Z', 'Asia/Kathmandu', 'HOUR', '2026-01-01T09:15:00.000Z'],
    ['2026-01-01T18:29:59.999Z', 'Asia/Kolkata', 'DAY', '2025-12-31T18:30:00.000Z'],
    ['2026-11-01T05:30:00.000Z', 'America/New_York', 'HOUR', '2026-11-01T05:00:00.000Z'],
    ['2026-11-01T06:30:00.000Z', 'America/New_York', 'HOUR', '2026-11-01T06:00:00.000Z'],
    ['2026-11-01T06:30:00.000Z', 'America/New_York', 'DAY', '2026-11-01T04:00:00.000Z'],
    ['2026-04-04T15:10:00.000Z', 'Australia/Lord_Howe', 'HOUR', '2026-04-04T15:00:00.000Z'],
    ['2026-04-04T15:40:00.000Z', 'Australia/Lord_Howe', 'HOUR', '2026-04-04T15:30:00.000Z'],
    ['2026-04-04T14:59:59.999Z', 'Australia/Lord_Howe', 'HOUR', '2026-04-04T14:00:00.000Z'],
    ['2026-03-08T05:00:00.000Z', 'America/Havana', 'DAY', '2026-03-08T05:00:00.000Z'],
    ['2026-03-08T04:59:59.999Z', 'America/Havana', 'DAY', '2026-03-07T05:00:00.000Z'],
    ['2026-11-01T05:30:00.000Z', 'America/Havana', 'DAY', '2026-11-01T04:00:00.000Z'],
    ['2026-03-29T12:00:00.000Z', 'Europe/Berlin', 'WEEK', '2026-03-22T23:00:00.000Z'],
    ['2026-10-31T22:59:59.999Z', 'Europe/Berlin', 'MONTH', '2026-09-30T22:00:00.000Z'],
    ['2026-10-31T23:00:00.000Z', 'Europe/Berlin', 'MONTH', '2026-10-31T23:00:00.000Z'],
  ])('puts %s in %s into the %s bucket starting %s', (instant, timeZone, granularity, expected) => {
    expect(isoOf(bucketStart(at(instant), granularity, timeZone))).toBe(expected);
  });

  it('agrees with the first bucket calendarBuckets returns', () => {
    for (const granularity of ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH'] as const) {
      for (const instant of [at('2026-11-01T05:45:00Z'), at('2026-11-01T06:15:00Z'), at('2026-03-08T07:00:00Z')]) {
        expect(bucketStart(instant, granularity, 'America/New_York')).toBe(calendarBuckets(instant, instant + 1, granularity, 'America/New_York', 1)[0]!.start);
      }
    }
  });
});
