import type { DataSource } from 'typeorm';
import { BucketLimitError, calendarBuckets, type CalendarBucket, type Granularity } from '../../analytics/calendar';
import { EMPTY_TOTALS, isCountMetric, metricValue, metricValues, METRICS, type MetricName } from '../../analytics/metrics';
import { ApiScope } from '../../entities/enums';
import type { Incident } from '../../entities/incident.entity';
import type { Organization } from '../../entities/organization.entity';
import type { Viewer } from '../../auth/viewer';
import { BadInputError, NotFoundError, QueryTooComplexError } from '../../errors/app-errors';
import type { TimezoneCatalog } from '../timezones';
import { requireIds } from '../validation';
import { incidentCustomMetrics, incidentResponseTimes, incidentTotals } from './incident-reports';
import { customMetricSummaries, responseTimes, type CustomMetricSummary, type ResponseTimeStats } from './report-extras';
import { requireTimeRange, resolveScope, type RangeFields, type ScopeFields, type ScopeLookups } from './scope';
import { segmentTotals, sumColumnsForMetrics, totalsOfSegment, type AnalyticsScope, type GroupDimension, type SegmentRow } from './segment-totals';

/** Most buckets or rows one analytics query returns. */
export const COST_LIMIT = 10_000;

export type MetricValues = Partial<Record<MetricName, number | null>>;

export interface KpiReportData {
  from: Date;
  to: Date;
  values: Record<MetricName, number | null>;
  responseTime: ResponseTimeStats | null;
  customMetrics: CustomMetricSummary[];
}

/** Which of the costlier parts of a report the client selected. */
export interface ReportSelection {
  uniqueAuthors: boolean;
  responseTime: boolean;
  customMetrics: boolean;
}

export interface TimeSeriesData {
  granularity: Granularity;
  timezone: string;
  points: Array<{ bucket: Date; values: MetricValues }>;
}

export type TableDimension = GroupDimension | 'ORGANIZATION' | 'TIME';

export interface KpiTableRowData {
  organizationId: string | null;
  incidentId: string | null;
  platform: string | null;
  language: string | null;
  sentiment: string | null;
  bucket: Date | null;
  values: MetricValues;
}

export interface KpiTableData {
  rows: KpiTableRowData[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  offset: number;
}

export interface KpiTableRequest {
  scope: ScopeFields;
  range: RangeFields;
  groupBy: TableDimension[];
  metrics: MetricName[];
  granularity?: Granularity | null;
  timezone?: string | null;
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_TABLE_PAGE = 1_000;
const SENTIMENT_ORDER = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'];

export class KpiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ScopeLookups,
    private readonly timezones: TimezoneCatalog,
  ) {}

  async kpis(viewer: Viewer, scopeInput: ScopeFields, rangeInput: RangeFields, selection: ReportSelection): Promise<KpiReportData> {
    const resolved = await resolveScope(viewer, this.lookups, scopeInput);
    return this.report(resolved.scope, resolved.incident, requireTimeRange(rangeInput), selection);
  }

  /** Every metric over one range of an already checked scope. */
  async report(
    scope: AnalyticsScope,
    incident: Incident | null,
    range: { from: number; to: number },
    selection: ReportSelection,
  ): Promise<KpiReportData> {
    const empty = range.to <= range.from;
    const [rows, responseTime, customMetrics] = await Promise.all([
      empty ? [] : segmentTotals(this.dataSource, { scope, edges: [range.from, range.to], dimensions: [], uniqueAuthors: selection.uniqueAuthors }),
      selection.responseTime ? responseTimes(this.dataSource, scope, range, incident?.responseTimeSeconds ?? null) : null,
      selection.customMetrics && !empty ? customMetricSummaries(this.dataSource, scope, range) : [],
    ]);
    const totals = totalsOfSegment(rows, 0);
    if (!selection.uniqueAuthors) totals.uniqueAuthors = null;
    return {
      from: new Date(range.from),
      to: new Date(Math.max(range.from, range.to)),
      values: metricValues(totals, METRICS) as Record<MetricName, number | null>,
      responseTime,
      customMetrics,
    };
  }

  /**
   * The reports of many incidents over their own spans (startedAt to resolvedAt or now), one statement per
   * figure for all of them: what `Incident.kpis` on a page of incidents costs.
   */
  async incidentReports(incidents: readonly Incident[], selection: ReportSelection, now: Date): Promise<Map<string, KpiReportData>> {
    const spans = incidents.map((incident) => {
      const from = incident.startedAt.getTime();
      return { incident, from, to: Math.max(from, incident.resolvedAt?.getTime() ?? now.getTime()) };
    });
    const [totals, responses, customs] = await Promise.all([
      incidentTotals(this.dataSource, spans, selection.uniqueAuthors),
      selection.responseTime ? incidentResponseTimes(this.dataSource, spans) : null,
      selection.customMetrics ? incidentCustomMetrics(this.dataSource, spans) : null,
    ]);
    return new Map(
      spans.map(({ incident, from, to }) => [
        incident.id,
        {
          from: new Date(from),
          to: new Date(to),
          values: metricValues(totals.get(incident.id) ?? { ...EMPTY_TOTALS }, METRICS) as Record<MetricName, number | null>,
          responseTime: responses?.get(incident.id) ?? null,
          customMetrics: customs?.get(incident.id) ?? [],
        },
      ]),
    );
  }

  async timeSeries(
    viewer: Viewer,
    scopeInput: ScopeFields,
    rangeInput: RangeFields,
    granularity: Granularity,
    metricsInput: MetricName[],
    timezoneInput: string | null | undefined,
    fill: 'ZERO' | 'NULL' | 'NONE',
  ): Promise<TimeSeriesData> {
    const resolved = await resolveScope(viewer, this.lookups, scopeInput);
    const range = requireTimeRange(rangeInput);
    const metrics = requireMetrics(metricsInput, 'metrics');
    const timezone = await this.timezone(timezoneInput, resolved.organization);
    const buckets = bucketsWithinLimit(range, granularity, timezone, 'timeSeries');
    const rows = await segmentTotals(this.dataSource, {
      scope: resolved.scope,
      edges: edgesOf(buckets, range),
      dimensions: [],
      uniqueAuthors: metrics.includes('UNIQUE_AUTHORS'),
      sums: sumColumnsForMetrics(metrics),
    });
    const bySegment = new Map(rows.map((row) => [row.segment, row.totals]));
    const points: TimeSeriesData['points'] = [];
    buckets.forEach((bucket, index) => {
      const totals = bySegment.get(index);
      if (!totals && fill === 'NONE') return;
      const values = totals || fill === 'ZERO' ? metricValues(totals ?? EMPTY_TOTALS, metrics) : nullValues(metrics);
      points.push({ bucket: new Date(bucket.start), values });
    });
    return { granularity, timezone, points };
  }

  async kpiTable(viewer: Viewer, request: KpiTableRequest): Promise<KpiTableData> {
    const resolved = await resolveScope(viewer, this.lookups, request.scope);
    const range = requireTimeRange(request.range);
    const metrics = requireMetrics(request.metrics, 'metrics');
    const groupBy = [...new Set(request.groupBy)];
    const first = tablePageSize(request.first);
    const offset = decodeTableCursor(request.after);
    let buckets: CalendarBucket[] = [{ start: range.from, end: range.to }];
    if (groupBy.includes('TIME')) {
      const timezone = await this.timezone(request.timezone, resolved.organization);
      buckets = bucketsWithinLimit(range, request.granularity ?? 'DAY', timezone, 'kpiTable');
    } else if (request.granularity != null) {
      throw new BadInputError('granularity', 'only applies when groupBy contains TIME; add TIME or leave granularity out.');
    }
    const dimensions = groupBy.filter((dimension): dimension is GroupDimension => dimension !== 'ORGANIZATION' && dimension !== 'TIME');
    const rows = await segmentTotals(this.dataSource, {
      scope: resolved.scope,
      edges: edgesOf(buckets, range),
      dimensions,
      uniqueAuthors: metrics.includes('UNIQUE_AUTHORS'),
      sums: sumColumnsForMetrics(metrics),
      limit: COST_LIMIT + 1,
    });
    if (rows.length > COST_LIMIT) {
      throw new QueryTooComplexError(
        `kpiTable would return more than ${COST_LIMIT} rows: shorten the range, group by fewer dimensions, use a coarser granularity, or filter the scope by platforms or languages.`,
      );
    }
    rows.sort(compareRows(groupBy));
    const page = rows.slice(offset, offset + first);
    const hasNextPage = offset + first < rows.length;
    return {
      rows: page.map((row) => ({
        organizationId: groupBy.includes('ORGANIZATION') ? resolved.scope.organizationId : null,
        incidentId: row.incidentId,
        platform: row.platform,
        language: row.language,
        sentiment: row.sentiment,
        bucket: groupBy.includes('TIME') ? new Date(buckets[row.segment]!.start) : null,
        values: metricValues(row.totals, metrics),
      })),
      totalCount: rows.length,
      hasNextPage,
      endCursor: page.length > 0 ? encodeTableCursor(offset + page.length) : null,
      offset,
    };
  }

  async shareOfVoice(
    viewer: Viewer,
    organizationIdsInput: string[],
    rangeInput: RangeFields,
    metric: MetricName,
  ): Promise<Array<{ organization: Organization; value: number; share: number | null }>> {
    if (organizationIdsInput.length === 0) throw new BadInputError('organizationIds', 'name at least one organization.');
    if (organizationIdsInput.length > 100) throw new BadInputError('organizationIds', 'at most 100 organizations.');
    if (!isCountMetric(metric)) {
      throw new BadInputError('metric', `${metric} is not additive; share of voice needs one of VOLUME, UNIQUE_AUTHORS, POSITIVE, NEUTRAL, NEGATIVE, REACH, ENGAGEMENT, MEDIA_COVERAGE.`);
    }
    const ids = [...new Set(requireIds(organizationIdsInput, 'organizationIds'))];
    ids.forEach((id) => viewer.requireOrganization(id, ApiScope.READ));
    const range = requireTimeRange(rangeInput);
    const organizations = await this.lookups.organizations.byIds(viewer, ids);
    ids.forEach((id, index) => {
      if (!organizations[index]) throw new NotFoundError(`Organization ${id} does not exist.`);
    });
    // one organization at a time: a long list must not take every pooled connection
    const values: number[] = [];
    for (const [index, id] of ids.entries()) {
      const rows = await segmentTotals(this.dataSource, {
        scope: { organizationId: id, incidentId: null, platforms: null, languages: null, dayZone: organizations[index]!.timezone },
        edges: [range.from, range.to],
        dimensions: [],
        uniqueAuthors: metric === 'UNIQUE_AUTHORS',
        sums: sumColumnsForMetrics([metric]),
      });
      values.push(metricValue(metric, totalsOfSegment(rows, 0)) ?? 0);
    }
    const total = values.reduce((sum, value) => sum + value, 0);
    return ids.map((_, index) => ({ organization: organizations[index]!, value: values[index]!, share: total > 0 ? values[index]! / total : null }));
  }

  private async timezone(value: string | null | undefined, organization: Organization): Promise<string> {
    return value == null ? organization.timezone : this.timezones.require(value, 'timezone');
  }
}

export function requireMetrics(metrics: readonly MetricName[], field: string): MetricName[] {
  if (metrics.length === 0) throw new BadInputError(field, 'name at least one metric.');
  return [...new Set(metrics)];
}

/** The calendar buckets of a range, or QUERY_TOO_COMPLEX saying how to narrow it. */
export function bucketsWithinLimit(range: { from: number; to: number }, granularity: Granularity, timezone: string, query: string): CalendarBucket[] {
  try {
    return calendarBuckets(range.from, range.to, granularity, timezone, COST_LIMIT);
  } catch (error) {
    if (!(error instanceof BucketLimitError)) throw error;
    throw new QueryTooComplexError(
      `${query} would return about ${error.approximateCount} ${granularity} buckets, more than the ${COST_LIMIT} allowed: shorten the range or use a coarser granularity.`,
    );
  }
}

/** Segment edges of buckets clipped to the range: the first bucket's data starts at `from`, the last ends at `to`. */
export function edgesOf(buckets: readonly CalendarBucket[], range: { from: number; to: number }): number[] {
  return [range.from, ...buckets.slice(1).map((bucket) => bucket.start), range.to];
}

function nullValues(metrics: readonly MetricName[]): MetricValues {
  return Object.fromEntries(metrics.map((metric) => [metric, null]));
}

function tablePageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_TABLE_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > COST_LIMIT) {
    throw new BadInputError('first', `must be between 1 and ${COST_LIMIT} (got ${first}); page with \`after\` for more.`);
  }
  return first;
}

function encodeTableCursor(offset: number): string {
  return Buffer.from(JSON.stringify(['kpiTable', offset])).toString('base64url');
}

function decodeTableCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded[0] === 'kpiTable' && Number.isInteger(decoded[1]) && decoded[1] >= 0) return decoded[1] as number;
  } catch {
    // reported below
  }
  throw new BadInputError('after', 'is not a cursor of kpiTable; pass pageInfo.endCursor of the previous page.');
}

/** Rows ordered by the groupBy dimensions in the order given: null first, sentiments POSITIVE, NEUTRAL, NEGATIVE. */
function compareRows(groupBy: readonly TableDimension[]): (a: SegmentRow, b: SegmentRow) => number {
  const text = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  return (a, b) => {
    for (const dimension of groupBy) {
      let order = 0;
      if (dimension === 'TIME') order = a.segment - b.segment;
      else if (dimension === 'INCIDENT') order = text(a.incidentId, b.incidentId);
      else if (dimension === 'PLATFORM') order = text(a.platform, b.platform);
      else if (dimension === 'LANGUAGE') order = text(a.language, b.language);
      else if (dimension === 'SENTIMENT') order = SENTIMENT_ORDER.indexOf(a.sentiment!) - SENTIMENT_ORDER.indexOf(b.sentiment!);
      if (order !== 0) return order;
    }
    return 0;
  };
}

