import type { DataSource } from 'typeorm';
import { percentile } from '../../analytics/statistics';
import { Params } from '../../db/sql';
import type { AnalyticsScope } from './segment-totals';

export interface ResponseTimeStats {
  firstResponseSeconds: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
  replied: number;
}

export interface CustomMetricSummary {
  key: string;
  count: number;
  sum: number;
  average: number;
  min: number;
  max: number;
  last: number;
}

/**
 * Reply delays of the audience mentions in range that got an owned reply (the earliest owned post replying
 * to them, at or after them). Read from the owned side, which is small and indexed.
 */
export async function responseTimes(
  dataSource: DataSource,
  scope: AnalyticsScope,
  range: { from: number; to: number },
  incidentResponseSeconds: number | null,
): Promise<ResponseTimeStats> {
  const params = new Params();
  const conditions = [
    `m.posted_at >= ${params.add(new Date(range.from).toISOString())}::timestamptz`,
    `m.posted_at < ${params.add(new Date(range.to).toISOString())}::timestamptz`,
    'NOT m.owned',
  ];
  if (scope.incidentId) conditions.push(`m.incident_id = ${params.add(scope.incidentId)}::uuid`);
  if (scope.platforms) conditions.push(`m.platform = ANY(${params.add(scope.platforms)}::varchar[])`);
  if (scope.languages) conditions.push(`COALESCE(m.language, '') = ANY(${params.add(scope.languages)}::varchar[])`);
  const rows: Array<{ delay: number }> = await dataSource.query(
    `SELECT extract(epoch FROM min(o.posted_at) - m.posted_at)::float8 AS delay
       FROM mentions o
       JOIN mentions m ON m.organization_id = o.organization_id AND m.platform = o.platform AND m.external_id = o.in_reply_to_external_id
      WHERE o.organization_id = ${params.add(scope.organizationId)}::uuid AND o.owned AND o.in_reply_to_external_id IS NOT NULL
        AND o.posted_at >= ${params.add(new Date(range.from).toISOString())}::timestamptz
        AND o.posted_at >= m.posted_at AND ${conditions.join(' AND ')}
      GROUP BY m.id, m.posted_at
      ORDER BY m.posted_at, m.id`,
    params.values,
  );
  const delays = rows.map((row) => row.delay);
  const sorted = [...delays].sort((a, b) => a - b);
  return {
    firstResponseSeconds: scope.incidentId ? incidentResponseSeconds : (delays[0] ?? null),
    p50Seconds: percentile(sorted, 0.5),
    p90Seconds: percentile(sorted, 0.9),
    replied: delays.length,
  };
}

/**
 * Observations recorded with `recordMetrics` in range, per key. With an incident in scope: those recorded for
 * it and those recorded for no incident (organization-wide figures such as sales cover the incident too).
 */
export async function customMetricSummaries(
  dataSource: DataSource,
  scope: AnalyticsScope,
  range: { from: number; to: number },
): Promise<CustomMetricSummary[]> {
  const params = new Params();
  const incident = scope.incidentId ? `AND (o.incident_id IS NULL OR o.incident_id = ${params.add(scope.incidentId)}::uuid)` : '';
  const rows: Array<Record<string, string | number>> = await dataSource.query(
    `SELECT o.key, count(*)::int AS count, sum(o.value) AS sum, avg(o.value) AS average, min(o.value) AS min, max(o.value) AS max,
            (array_agg(o.value ORDER BY o.observed_at DESC))[1] AS last
       FROM metric_observations o
      WHERE o.organization_id = ${params.add(scope.organizationId)}::uuid
        AND o.observed_at >= ${params.add(new Date(range.from).toISOString())}::timestamptz
        AND o.observed_at < ${params.add(new Date(range.to).toISOString())}::timestamptz ${incident}
      GROUP BY o.key
      ORDER BY o.key`,
    params.values,
  );
  return rows.map(customMetricOf);
}

/** A row with the key, count, sum, average, min, max and last of a key's observations. */
export function customMetricOf(row: Record<string, unknown>): CustomMetricSummary {
  return {
    key: String(row.key),
    count: Number(row.count),
    sum: Number(row.sum),
    average: Number(row.average),
    min: Number(row.min),
    max: Number(row.max),
    last: Number(row.last),
  };
}

/** Each custom metric's observations in range, oldest first, for before/after comparisons. */
export async function customMetricObservations(
  dataSource: DataSource,
  organizationId: string,
  incidentId: string | null,
  range: { from: number; to: number },
): Promise<Map<string, number[]>> {
  const params = new Params();
  const incident = incidentId ? `AND (o.incident_id IS NULL OR o.incident_id = ${params.add(incidentId)}::uuid)` : '';
  const rows: Array<{ key: string; value: number }> = await dataSource.query(
    `SELECT o.key, o.value FROM metric_observations o
      WHERE o.organization_id = ${params.add(organizationId)}::uuid
        AND o.observed_at >= ${params.add(new Date(range.from).toISOString())}::timestamptz
        AND o.observed_at < ${params.add(new Date(range.to).toISOString())}::timestamptz ${incident}
      ORDER BY o.key, o.observed_at`,
    params.values,
  );
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const values = byKey.get(row.key) ?? [];
    values.push(row.value);
    byKey.set(row.key, values);
  }
  return byKey;
}
