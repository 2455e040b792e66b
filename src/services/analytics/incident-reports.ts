import { EMPTY_TOTALS, type Totals } from '../../analytics/metrics';
import { percentile } from '../../analytics/statistics';
import type { Incident } from '../../entities/incident.entity';
import { Params } from '../../db/sql';
import { customMetricOf, type CustomMetricSummary, type ResponseTimeStats } from './report-extras';
import { totalsOfRow, type Queryable } from './segment-totals';

export interface IncidentSpan {
  incident: Incident;
  from: number;
  to: number;
}

const ceilSlot = (column: string) => `to_timestamp(ceil(extract(epoch FROM ${column}) / 900) * 900)`;
const floorSlot = (column: string) => `to_timestamp(floor(extract(epoch FROM ${column}) / 900) * 900)`;

/**
 * The spans of several incidents as a row source `spans(organization_id, incident_id, from_at, to_at)`, so a
 * page of incidents is answered by one statement per figure instead of one per incident.
 */
function spansCte(spans: readonly IncidentSpan[], params: Params): string {
  return `spans AS (
    SELECT * FROM unnest(${params.add(spans.map((span) => span.incident.organizationId))}::uuid[],
                         ${params.add(spans.map((span) => span.incident.id))}::uuid[],
                         ${params.add(spans.map((span) => new Date(span.from).toISOString()))}::timestamptz[],
                         ${params.add(spans.map((span) => new Date(span.to).toISOString()))}::timestamptz[])
      AS s(organization_id, incident_id, from_at, to_at)
  )`;
}

/** Whole slots inside a span from the slot totals (or author rollups), the slivers at its ends from raw rows. */
const WHOLE_SLOTS = `r.organization_id = s.organization_id AND r.incident_key = s.incident_id
      AND r.bucket >= ${ceilSlot('s.from_at')} AND r.bucket + interval '15 minutes' <= s.to_at`;
const SLIVERS = `m.organization_id = s.organization_id AND m.incident_id = s.incident_id AND NOT m.owned
      AND m.posted_at >= s.from_at AND m.posted_at < s.to_at
      AND (m.posted_at < ${ceilSlot('s.from_at')} OR m.posted_at >= ${floorSlot('s.to_at')})`;

/** Audience totals of each incident's mentions over its span, exact like segmentTotals. */
export async function incidentTotals(db: Queryable, spans: readonly IncidentSpan[], uniqueAuthors: boolean): Promise<Map<string, Totals>> {
  if (spans.length === 0) return new Map();
  const params = new Params();
  const weight = '(1 + log(1 + m.reach::float8))::numeric';
  const rows: Array<Record<string, unknown>> = await db.query(
    `WITH ${spansCte(spans, params)}
     SELECT incident_id, sum(volume) AS volume, sum(positive) AS positive, sum(neutral) AS neutral, sum(negative) AS negative,
            sum(media_coverage) AS media_coverage, sum(sentiment_sum) AS sentiment_sum, sum(sentiment_square_sum) AS sentiment_square_sum,
            sum(reach_sum) AS reach_sum, sum(engagement_sum) AS engagement_sum, sum(weight_sum) AS weight_sum,
            sum(weighted_sentiment_sum) AS weighted_sentiment_sum
       FROM (
         SELECT s.incident_id, r.volume, r.positive, r.neutral, r.negative, r.media_coverage, r.sentiment_sum, r.sentiment_square_sum,
                r.reach_sum, r.engagement_sum, r.weight_sum, r.weighted_sentiment_sum
           FROM spans s JOIN mention_slot_totals r ON ${WHOLE_SLOTS}
         UNION ALL
         SELECT s.incident_id, 1, (m.sentiment_label = 'POSITIVE')::int, (m.sentiment_label = 'NEUTRAL')::int, (m.sentiment_label = 'NEGATIVE')::int,
                (m.platform = 'NEWS')::int, m.sentiment::numeric, m.sentiment::numeric * m.sentiment::numeric, m.reach, m.engagement,
                ${weight}, ${weight} * m.sentiment::numeric
           FROM spans s JOIN mentions m ON ${SLIVERS}
       ) parts
      GROUP BY incident_id`,
    params.values,
  );
  const authors = uniqueAuthors ? await incidentAuthors(db, spans) : new Map<string, number>();
  const totals = new Map<string, Totals>();
  for (const span of spans) totals.set(span.incident.id, { ...EMPTY_TOTALS, uniqueAuthors: uniqueAuthors ? 0 : null });
  for (const row of rows) {
    const id = row.incident_id as string;
    totals.set(id, totalsOfRow(row, uniqueAuthors ? (authors.get(id) ?? 0) : null));
  }
  return totals;
}

async function incidentAuthors(db: Queryable, spans: readonly IncidentSpan[]): Promise<Map<string, number>> {
  const params = new Params();
  const rows: Array<{ incident_id: string; authors: number }> = await db.query(
    `WITH ${spansCte(spans, params)}
     SELECT incident_id, count(DISTINCT author_id)::int AS authors
       FROM (
         SELECT s.incident_id, r.author_id FROM spans s JOIN mention_author_rollups r ON ${WHOLE_SLOTS} AND r.mentions > 0
         UNION ALL
         SELECT s.incident_id, m.author_id FROM spans s JOIN mentions m ON ${SLIVERS}
       ) authors
      GROUP BY incident_id`,
    params.values,
  );
  return new Map(rows.map((row) => [row.incident_id, row.authors]));
}

/** Reply delays per incident, as `responseTimes` computes them for one scope. */
export async function incidentResponseTimes(db: Queryable, spans: readonly IncidentSpan[]): Promise<Map<string, ResponseTimeStats>> {
  const params = new Params();
  const rows: Array<{ incident_id: string; delay: number }> = spans.length
    ? await db.query(
        `WITH ${spansCte(spans, params)}
         SELECT s.incident_id, extract(epoch FROM min(o.posted_at) - m.posted_at)::float8 AS delay
           FROM spans s
           JOIN mentions m ON m.organization_id = s.organization_id AND m.incident_id = s.incident_id AND NOT m.owned
                AND m.posted_at >= s.from_at AND m.posted_at < s.to_at
           JOIN mentions o ON o.organization_id = m.organization_id AND o.platform = m.platform AND o.in_reply_to_external_id = m.external_id
                AND o.owned AND o.posted_at >= m.posted_at
          GROUP BY s.incident_id, m.id, m.posted_at
          ORDER BY s.incident_id, m.posted_at, m.id`,
        params.values,
      )
    : [];
  const delays = new Map<string, number[]>();
  for (const row of rows) delays.set(row.incident_id, [...(delays.get(row.incident_id) ?? []), row.delay]);
  return new Map(
    spans.map(({ incident }) => {
      const sorted = [...(delays.get(incident.id) ?? [])].sort((a, b) => a - b);
      return [incident.id, { firstResponseSeconds: incident.responseTimeSeconds, p50Seconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9), replied: sorted.length }];
    }),
  );
}

/** Custom metric summaries per incident: observations recorded for it or for no incident, within its span. */
export async function incidentCustomMetrics(db: Queryable, spans: readonly IncidentSpan[]): Promise<Map<string, CustomMetricSummary[]>> {
  const params = new Params();
  const rows: Array<Record<string, unknown>> = spans.length
    ? await db.query(
        `WITH ${spansCte(spans, params)}
         SELECT s.incident_id, o.key, count(*)::int AS count, sum(o.value) AS sum, avg(o.value) AS average, min(o.value) AS min,
                max(o.value) AS max, (array_agg(o.value ORDER BY o.observed_at DESC))[1] AS last
           FROM spans s
           JOIN metric_observations o ON o.organization_id = s.organization_id AND (o.incident_id IS NULL OR o.incident_id = s.incident_id)
                AND o.observed_at >= s.from_at AND o.observed_at < s.to_at
          GROUP BY s.incident_id, o.key
          ORDER BY s.incident_id, o.key`,
        params.values,
      )
    : [];
  const summaries = new Map<string, CustomMetricSummary[]>(spans.map(({ incident }) => [incident.id, []]));
  for (const row of rows) {
    summaries.get(row.incident_id as string)?.push(customMetricOf(row));
  }
  return summaries;
}
