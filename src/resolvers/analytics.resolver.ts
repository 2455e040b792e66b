import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Float, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { metricFieldName, type MetricName } from '../analytics/metrics';
import type { Context } from '../context';
import { Dimension, GapFill, Granularity, Metric } from '../entities/enums';
import type { KpiReportData, MetricValues } from '../services/analytics/kpi.service';
import type { ReputationDeltaData } from '../services/analytics/delta.service';
import { selectsField } from './selects-field';
import { ScopeInput, TimeRangeInput } from './types/analytics.input';
import { Anomaly } from './types/anomaly.type';
import { KpiReport } from './types/kpi-report.type';
import { KpiTable } from './types/kpi-table.type';
import { DeltaWindow, ReputationDelta } from './types/reputation-delta.type';
import { ShareOfVoiceEntry } from './types/share-of-voice.type';
import { TimeSeries } from './types/time-series.type';

@Resolver()
export class AnalyticsResolver {
  @Query(() => KpiReport, { description: 'Every metric over a range. Only the parts selected are computed.' })
  async kpis(
    @Arg('scope', () => ScopeInput) scope: ScopeInput,
    @Arg('range', () => TimeRangeInput) range: TimeRangeInput,
    @Ctx() { viewer, services }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<KpiReport> {
    return toKpiReport(await services.kpis.kpis(viewer, scope, range, reportSelection(info)));
  }

  @Query(() => TimeSeries, { description: 'Metrics per calendar bucket of `timezone` (default the organization\'s). At most 10,000 buckets.' })
  async timeSeries(
    @Arg('scope', () => ScopeInput) scope: ScopeInput,
    @Arg('range', () => TimeRangeInput) range: TimeRangeInput,
    @Arg('granularity', () => Granularity) granularity: Granularity,
    @Arg('metrics', () => [Metric]) metrics: Metric[],
    @Arg('timezone', () => String, { nullable: true, description: 'IANA name; default the organization\'s.' }) timezone: string | null,
    @Arg('fill', () => GapFill, { defaultValue: GapFill.ZERO }) fill: GapFill,
    @Ctx() { viewer, services }: Context,
  ): Promise<TimeSeries> {
    const series = await services.kpis.timeSeries(viewer, scope, range, granularity, metrics, timezone, fill);
    return { ...series, points: series.points.map((point) => Object.assign({ bucket: point.bucket }, metricFields(point.values))) };
  }

  @Query(() => KpiTable, {
    description:
      'Flat rows grouped by `groupBy` (TIME uses `granularity`, default DAY, in `timezone`), sorted by the dimensions in the order given, only groups with mentions. Pages of `first` (default 1,000, at most 10,000) with `after`; at most 10,000 rows in all. Also served as CSV at GET /export/kpi-table.csv.',
  })
  async kpiTable(
    @Arg('scope', () => ScopeInput) scope: ScopeInput,
    @Arg('range', () => TimeRangeInput) range: TimeRangeInput,
    @Arg('groupBy', () => [Dimension]) groupBy: Dimension[],
    @Arg('metrics', () => [Metric]) metrics: Metric[],
    @Arg('granularity', () => Granularity, { nullable: true }) granularity: Granularity | null,
    @Arg('timezone', () => String, { nullable: true }) timezone: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { viewer, services }: Context,
  ): Promise<KpiTable> {
    const table = await services.kpis.kpiTable(viewer, { scope, range, groupBy, metrics, granularity, timezone, first, after });
    return {
      // one object per row with its fields set once (rest and spread of every row cost more than the rest of the table)
      rows: table.rows.map((row) =>
        Object.assign(
          { organizationId: row.organizationId, incidentId: row.incidentId, platform: row.platform, language: row.language, sentiment: row.sentiment, bucket: row.bucket },
          metricFields(row.values),
        ),
      ),
      totalCount: table.totalCount,
      pageInfo: { hasNextPage: table.hasNextPage, endCursor: table.endCursor },
    };
  }

  @Query(() => ReputationDelta, { description: 'Before/during/after comparison around an incident, with 95% intervals and time to recovery.' })
  async reputationDelta(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('baselineDays', () => Int, { defaultValue: 7 }) baselineDays: number,
    @Arg('metrics', () => [Metric], { nullable: true, description: 'Default: every Metric and every custom metric.' }) metrics: Metric[] | null,
    @Ctx() { viewer, services, now }: Context,
  ): Promise<ReputationDelta> {
    return toReputationDelta(await services.deltas.reputationDelta(viewer, incidentId, baselineDays, metrics, now()));
  }

  @Query(() => [Anomaly], { description: 'Flagged buckets of a metric over the range (rule under Anomaly), oldest first.' })
  anomalies(
    @Arg('scope', () => ScopeInput) scope: ScopeInput,
    @Arg('range', () => TimeRangeInput) range: TimeRangeInput,
    @Arg('metric', () => Metric, { defaultValue: Metric.VOLUME }) metric: Metric,
    @Arg('granularity', () => Granularity, { defaultValue: Granularity.HOUR }) granularity: Granularity,
    @Arg('threshold', () => Float, { defaultValue: 3 }) threshold: number,
    @Arg('timezone', () => String, { nullable: true, description: "IANA name for the buckets; default the organization's." }) timezone: string | null,
    @Ctx() { viewer, services }: Context,
  ): Promise<Anomaly[]> {
    return services.anomalies.anomalies(viewer, scope, range, metric, granularity, threshold, timezone);
  }

  @Query(() => [ShareOfVoiceEntry], { description: 'Each organization\'s share of an additive metric over the range, in the order asked. The key needs READ on all of them.' })
  shareOfVoice(
    @Arg('organizationIds', () => [ID]) organizationIds: string[],
    @Arg('range', () => TimeRangeInput) range: TimeRangeInput,
    @Arg('metric', () => Metric, { defaultValue: Metric.VOLUME }) metric: Metric,
    @Ctx() { viewer, services }: Context,
  ): Promise<ShareOfVoiceEntry[]> {
    return services.kpis.shareOfVoice(viewer, organizationIds, range, metric);
  }
}

export function reportSelection(info: GraphQLResolveInfo) {
  return {
    uniqueAuthors: selectsField(info, 'uniqueAuthors'),
    responseTime: selectsField(info, 'responseTime'),
    customMetrics: selectsField(info, 'customMetrics'),
  };
}

function metricFields(values: MetricValues): Record<string, number | null> {
  const fields: Record<string, number | null> = {};
  for (const metric in values) fields[metricFieldName(metric as MetricName)] = values[metric as MetricName] ?? null;
  return fields;
}

export function toKpiReport(report: KpiReportData): KpiReport {
  return {
    from: report.from,
    to: report.to,
    ...(metricFields(report.values) as Omit<KpiReport, 'from' | 'to' | 'responseTime' | 'customMetrics'>),
    responseTime: report.responseTime,
    customMetrics: report.customMetrics,
  };
}

export function toReputationDelta(data: ReputationDeltaData): ReputationDelta {
  const organizationId = data.incident.organizationId;
  const window = (value: ReputationDeltaData['baseline']) => Object.assign(new DeltaWindow(), { from: new Date(value.from), to: new Date(value.to), organizationId });
  return {
    incident: data.incident,
    baseline: window(data.baseline),
    during: window(data.during),
    after: data.after ? window(data.after) : null,
    metrics: data.metrics,
    recovered: data.recovered,
    recoveredAt: data.recoveredAt,
    peakAt: data.peakAt,
    timeToRecoverySeconds: data.timeToRecoverySeconds,
  };
}
