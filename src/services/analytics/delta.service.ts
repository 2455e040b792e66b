import type { DataSource } from 'typeorm';
import { customMetricDelta, meanSentimentInterval, mentionMetricDelta, windowDays, type MetricDelta, type WindowSample } from '../../analytics/deltas';
import { addTotals, EMPTY_TOTALS, METRICS, type MetricName, type Totals } from '../../analytics/metrics';
import { findRecovery, type SentimentSlot } from '../../analytics/recovery';
import type { Viewer } from '../../auth/viewer';
import { ApiScope } from '../../entities/enums';
import type { Incident } from '../../entities/incident.entity';
import { BadInputError, NotFoundError } from '../../errors/app-errors';
import { Params } from '../../db/sql';
import { requireId } from '../validation';
import { customMetricObservations } from './report-extras';
import { EARLIEST_ANALYTICS_INSTANT, LATEST_ANALYTICS_INSTANT, type ScopeLookups } from './scope';
import { segmentTotals, type AnalyticsScope } from './segment-totals';
import { requireMetrics } from './kpi.service';

const DAY_MS = 86_400_000;
const SLOT_MS = 15 * 60 * 1000;
/** How long after the incident started recovery is looked for. */
const RECOVERY_HORIZON_MS = 180 * DAY_MS;

export interface Window {
  from: number;
  to: number;
  totals: Totals;
}

export interface ReputationDeltaData {
  incident: Incident;
  baseline: Window;
  during: Window;
  after: Window | null;
  metrics: MetricDelta[];
  recovered: boolean;
  recoveredAt: Date | null;
  peakAt: Date | null;
  timeToRecoverySeconds: number | null;
}

export class DeltaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ScopeLookups,
  ) {}

  async reputationDelta(
    viewer: Viewer,
    incidentIdInput: string,
    baselineDays: number,
    metricsInput: MetricName[] | null | undefined,
    now: Date,
  ): Promise<ReputationDeltaData> {
    viewer.requireScope(ApiScope.READ);
    const incidentId = requireId(incidentIdInput, 'incidentId');
    const [incident] = await this.lookups.incidents.byIds(viewer, [incidentId]);
    if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
    return this.forIncident(incident, baselineDays, metricsInput, now);
  }

  /**
   * Windows: baseline [startedAt − baselineDays, startedAt), during [startedAt, resolvedAt or now), after
   * [resolvedAt, resolvedAt + baselineDays), each cut at `now`. They are measured over all of the
   * organization's mentions, not only those linked to the incident: the question is the organization's
   * reputation before, during and after.
   */
  async forIncident(
    incident: Incident,
    baselineDays: number,
    metricsInput: MetricName[] | null | undefined,
    now: Date,
  ): Promise<ReputationDeltaData> {
    if (!Number.isInteger(baselineDays) || baselineDays < 1 || baselineDays > 365) {
      throw new BadInputError('baselineDays', `must be a whole number of days from 1 to 365 (got ${baselineDays}).`);
    }
    const metrics = metricsInput == null ? [...METRICS] : requireMetrics(metricsInput, 'metrics');
    const nowMs = now.getTime();
    const start = incident.startedAt.getTime();
    const end = incident.resolvedAt?.getTime() ?? null;
    // windows stay inside the instants analytics serve (an incident dated in year 1 has no data before it anyway)
    const cut = (from: number, to: number) => {
      const start = Math.min(Math.max(from, EARLIEST_ANALYTICS_INSTANT), LATEST_ANALYTICS_INSTANT);
      return { from: start, to: Math.max(start, Math.min(to, nowMs, LATEST_ANALYTICS_INSTANT)) };
    };
    const windows = {
      baseline: cut(start - baselineDays * DAY_MS, start),
      during: cut(start, end ?? nowMs),
      after: end === null ? null : cut(end, end + baselineDays * DAY_MS),
    };
    const scope: AnalyticsScope = { organizationId: incident.organizationId, incidentId: null, platforms: null, languages: null, dayZone: null };
    const uniqueAuthors = metrics.includes('UNIQUE_AUTHORS');
    const [baseline, during, after, customs, slots] = await Promise.all([
      this.sample(scope, windows.baseline, uniqueAuthors),
      this.sample(scope, windows.during, uniqueAuthors),
      windows.after ? this.sample(scope, windows.after, uniqueAuthors) : null,
      metricsInput == null ? this.customs(incident, windows) : [],
      this.sentimentSlots(incident.organizationId, Math.max(start - DAY_MS, EARLIEST_ANALYTICS_INSTANT), Math.min(nowMs, start + RECOVERY_HORIZON_MS, LATEST_ANALYTICS_INSTANT)),
    ]);
    const deltas = metrics.map((metric) => mentionMetricDelta(metric, baseline, during, after));
    const recovery = findRecovery(
      slots,
      SLOT_MS,
      { from: start, peakUntil: windows.during.to, until: Math.min(nowMs, start + RECOVERY_HORIZON_MS), windowMs: DAY_MS },
      meanSentimentInterval(baseline.totals),
    );
    const window = (range: { from: number; to: number }, sample: WindowSample): Window => ({ ...range, totals: sample.totals });
    return {
      incident,
      baseline: window(windows.baseline, baseline),
      during: window(windows.during, during),
      after: windows.after && after ? window(windows.after, after) : null,
      metrics: [...deltas, ...customs],
      recovered: recovery.recoveredAt !== null,
      recoveredAt: recovery.recoveredAt === null ? null : new Date(recovery.recoveredAt),
      peakAt: recovery.peakAt === null ? null : new Date(recovery.peakAt),
      timeToRecoverySeconds: recovery.recoveredAt === null ? null : (recovery.recoveredAt - start) / 1000,
    };
  }

  /** A window's totals and its whole days' totals, in one statement (plus one for distinct authors). */
  private async sample(scope: AnalyticsScope, range: { from: number; to: number }, uniqueAuthors: boolean): Promise<WindowSample> {
    const days = windowDays(range.from, range.to);
    if (days === 0) return { days, totals: { ...EMPTY_TOTALS }, dailyTotals: [] };
    const edges = [range.from];
    while (edges.at(-1)! + DAY_MS < range.to) edges.push(edges.at(-1)! + DAY_MS);
    edges.push(range.to);
    const wholeDays = Math.floor(days);
    const [rows, whole] = await Promise.all([
      segmentTotals(this.dataSource, { scope, edges, dimensions: [], uniqueAuthors }),
      uniqueAuthors ? segmentTotals(this.dataSource, { scope, edges: [range.from, range.to], dimensions: [], uniqueAuthors }) : null,
    ]);
    const bySegment = new Map(rows.map((row) => [row.segment, row.totals]));
    const dailyTotals = Array.from({ length: wholeDays }, (_, day) => bySegment.get(day) ?? { ...EMPTY_TOTALS });
    let totals = rows.reduce<Totals>((sum, row) => addTotals(sum, row.totals), { ...EMPTY_TOTALS });
    if (whole) totals = { ...totals, uniqueAuthors: whole[0]?.totals.uniqueAuthors ?? 0 };
    return { days, totals, dailyTotals };
  }

  private async customs(incident: Incident, windows: { baseline: Range; during: Range; after: Range | null }): Promise<MetricDelta[]> {
    const read = (range: Range) => customMetricObservations(this.dataSource, incident.organizationId, incident.id, range);
    const [baseline, during, after] = await Promise.all([read(windows.baseline), read(windows.during), windows.after ? read(windows.after) : null]);
    const keys = [...new Set([...baseline.keys(), ...during.keys(), ...(after?.keys() ?? [])])].sort();
    return keys.map((key) => customMetricDelta(key, baseline.get(key) ?? [], during.get(key) ?? [], after ? (after.get(key) ?? []) : null));
  }

  /** Audience volume and sentiment sum per 15-minute slot, straight from the slot totals. */
  private async sentimentSlots(organizationId: string, from: number, to: number): Promise<SentimentSlot[]> {
    if (to <= from) return [];
    const params = new Params();
    const rows: Array<{ bucket: Date; volume: string; sentiment_sum: string }> = await this.dataSource.query(
      `SELECT r.bucket, sum(r.volume) AS volume, sum(r.sentiment_sum) AS sentiment_sum
         FROM mention_slot_totals r
        WHERE r.organization_id = ${params.add(organizationId)}::uuid
          AND r.bucket >= ${params.add(new Date(Math.floor(from / SLOT_MS) * SLOT_MS).toISOString())}::timestamptz
          AND r.bucket < ${params.add(new Date(to).toISOString())}::timestamptz
        GROUP BY r.bucket
       HAVING sum(r.volume) > 0
        ORDER BY r.bucket`,
      params.values,
    );
    return rows.map((row) => ({ start: row.bucket.getTime(), volume: Number(row.volume), sentimentSum: Number(row.sentiment_sum) }));
  }
}

interface Range {
  from: number;
  to: number;
}
