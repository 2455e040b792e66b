/**
 * Independent recomputation of the analytics from raw mention rows, written from the definitions in API.md
 * without any of the server's code: what the API's figures must equal.
 */

export interface RawMention {
  id: string;
  organization_id: string;
  incident_id: string | null;
  platform: string;
  external_id: string;
  author_id: string;
  language: string | null;
  posted_at: Date;
  sentiment: number;
  sentiment_label: string;
  reach: number;
  engagement: number;
  owned: boolean;
  in_reply_to_external_id: string | null;
}

export const RAW_MENTION_COLUMNS =
  'id, organization_id, incident_id, platform, external_id, author_id, language, posted_at, sentiment, sentiment_label, reach, engagement, owned, in_reply_to_external_id';

export type Figures = Record<string, number | null>;

export function bruteMetrics(rows: readonly RawMention[]): Figures {
  const audience = rows.filter((row) => !row.owned);
  const volume = audience.length;
  const count = (label: string) => audience.filter((row) => row.sentiment_label === label).length;
  const positive = count('POSITIVE');
  const negative = count('NEGATIVE');
  const reach = audience.reduce((sum, row) => sum + row.reach, 0);
  const engagement = audience.reduce((sum, row) => sum + row.engagement, 0);
  let weights = 0;
  let weighted = 0;
  for (const row of audience) {
    const weight = 1 + Math.log10(1 + row.reach);
    weights += weight;
    weighted += weight * row.sentiment;
  }
  return {
    volume,
    uniqueAuthors: new Set(audience.map((row) => row.author_id)).size,
    averageSentiment: volume === 0 ? null : audience.reduce((sum, row) => sum + row.sentiment, 0) / volume,
    positive,
    neutral: count('NEUTRAL'),
    negative,
    netSentiment: positive + negative === 0 ? null : (100 * (positive - negative)) / (positive + negative),
    negativeShare: volume === 0 ? null : negative / volume,
    reach,
    engagement,
    engagementRate: reach === 0 ? null : engagement / reach,
    mediaCoverage: audience.filter((row) => row.platform === 'NEWS').length,
    reputationIndex: volume === 0 ? null : 50 * (1 + weighted / weights),
  };
}

/** Delays from audience mentions to their earliest owned reply on the same platform, in postedAt order. */
export function bruteReplyDelays(audience: readonly RawMention[], all: readonly RawMention[]): number[] {
  const delays: Array<{ at: number; id: string; delay: number }> = [];
  for (const mention of audience) {
    const replies = all.filter(
      (reply) =>
        reply.owned &&
        reply.organization_id === mention.organization_id &&
        reply.platform === mention.platform &&
        reply.in_reply_to_external_id === mention.external_id &&
        reply.posted_at.getTime() >= mention.posted_at.getTime(),
    );
    if (replies.length === 0) continue;
    const first = Math.min(...replies.map((reply) => reply.posted_at.getTime()));
    delays.push({ at: mention.posted_at.getTime(), id: mention.id, delay: (first - mention.posted_at.getTime()) / 1000 });
  }
  return delays.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((entry) => entry.delay);
}

/** Linear interpolation between closest ranks. */
export function brutePercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const low = sorted[Math.floor(position)]!;
  const high = sorted[Math.ceil(position)]!;
  return low + (high - low) * (position - Math.floor(position));
}

/**
 * The label of the local calendar period an instant falls in, read straight off the zone's clock: the local
 * date (and hour, minute) plus the UTC offset for clock periods, so a DST fall-back's two 01:00 hours differ.
 */
export function localPeriod(instant: Date, granularity: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  switch (granularity) {
    case 'MINUTE':
      return `${date}T${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
    case 'HOUR':
      return `${date}T${parts.hour} ${parts.timeZoneName}`;
    case 'DAY':
      return date;
    case 'WEEK': {
      const day = new Date(`${date}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
      return `week of ${day.toISOString().slice(0, 10)}`;
    }
    case 'MONTH':
      return date.slice(0, 7);
    default:
      throw new Error(granularity);
  }
}

/** Asserts two figure sets agree to 1e-9 relative; returns a description of the differences. */
export function figureDifferences(actual: Record<string, unknown>, expected: Figures, label: string): string[] {
  const differences: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    const got = actual[field];
    if (value === null || got === null || got === undefined) {
      if (value !== (got ?? null)) differences.push(`${label} ${field}: expected ${value}, got ${String(got)}`);
      continue;
    }
    if (typeof got !== 'number' || Math.abs(got - value) > 1e-9 * Math.max(1, Math.abs(value))) {
      differences.push(`${label} ${field}: expected ${value}, got ${String(got)}`);
    }
  }
  return differences;
}
