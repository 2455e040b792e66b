import type { EntityManager } from 'typeorm';

/** A DataSource, or the EntityManager of a transaction. */
export type Queryable = Pick<EntityManager, 'query'>;
import { EMPTY_TOTALS, sumsForMetrics, type MetricName, type Totals, type TotalsSum } from '../../analytics/metrics';
import { Params } from '../../db/sql';
import { NO_INCIDENT } from '../../ingest/rollup-sql';
import { SLOT_MS, tierRanges } from './rollup-tiers';

/** What every analytics query is limited to, validated. */
export interface AnalyticsScope {
  organizationId: string;
  incidentId: string | null;
  platforms: readonly string[] | null;
  /** Primary language subtags; '' stands for an undetermined language. */
  languages: readonly string[] | null;
  /**
   * The organization's time zone as read with the organization: the day tiers hold its local dates.
   * Null reads no day rows (hours and slots only), for callers that have not read the organization.
   */
  dayZone: string | null;
}

export type GroupDimension = 'INCIDENT' | 'PLATFORM' | 'LANGUAGE' | 'SENTIMENT';

export interface SegmentQuery {
  scope: AnalyticsScope;
  /** Ascending epoch milliseconds; segment i is [edges[i], edges[i + 1]). */
  edges: readonly number[];
  dimensions: readonly GroupDimension[];
  uniqueAuthors: boolean;
  /** Stop after this many rows (callers reject more than they serve). */
  limit?: number;
  /** The sums to compute (volume always is); the others read 0. All of them when not given. */
  sums?: readonly SumColumn[];
}

/** The sums of Totals, as the rollups name their columns. */
export type SumColumn =
  | 'volume'
  | 'positive'
  | 'neutral'
  | 'negative'
  | 'sentiment_sum'
  | 'sentiment_square_sum'
  | 'reach_sum'
  | 'engagement_sum'
  | 'weight_sum'
  | 'weighted_sentiment_sum'
  | 'media_coverage';

const WEIGHT = '(1 + log(1 + m.reach::float8))::numeric';

/** Each sum over raw mention rows (m), over mention_slot_totals (r) and over the tiered rollups (r, one row per label and platform). */
const SUMS: Record<SumColumn, { raw: string; slotTotals: string; rollups: string }> = {
  volume: { raw: 'count(*)', slotTotals: 'sum(r.volume)', rollups: 'sum(r.volume)' },
  positive: { raw: "count(*) FILTER (WHERE m.sentiment_label = 'POSITIVE')", slotTotals: 'sum(r.positive)', rollups: "sum(r.volume) FILTER (WHERE r.sentiment_label = 'POSITIVE')" },
  neutral: { raw: "count(*) FILTER (WHERE m.sentiment_label = 'NEUTRAL')", slotTotals: 'sum(r.neutral)', rollups: "sum(r.volume) FILTER (WHERE r.sentiment_label = 'NEUTRAL')" },
  negative: { raw: "count(*) FILTER (WHERE m.sentiment_label = 'NEGATIVE')", slotTotals: 'sum(r.negative)', rollups: "sum(r.volume) FILTER (WHERE r.sentiment_label = 'NEGATIVE')" },
  sentiment_sum: { raw: 'sum(m.sentiment::numeric)', slotTotals: 'sum(r.sentiment_sum)', rollups: 'sum(r.sentiment_sum)' },
  sentiment_square_sum: { raw: 'sum(m.sentiment::numeric * m.sentiment::numeric)', slotTotals: 'sum(r.sentiment_square_sum)', rollups: 'sum(r.sentiment_square_sum)' },
  reach_sum: { raw: 'sum(m.reach)', slotTotals: 'sum(r.reach_sum)', rollups: 'sum(r.reach_sum)' },
  engagement_sum: { raw: 'sum(m.engagement)', slotTotals: 'sum(r.engagement_sum)', rollups: 'sum(r.engagement_sum)' },
  weight_sum: { raw: `sum(${WEIGHT})`, slotTotals: 'sum(r.weight_sum)', rollups: 'sum(r.weight_sum)' },
  weighted_sentiment_sum: { raw: `sum(${WEIGHT} * m.sentiment::numeric)`, slotTotals: 'sum(r.weighted_sentiment_sum)', rollups: 'sum(r.weighted_sentiment_sum)' },
  media_coverage: { raw: "count(*) FILTER (WHERE m.platform = 'NEWS')", slotTotals: 'sum(r.media_coverage)', rollups: "sum(r.volume) FILTER (WHERE r.platform = 'NEWS')" },
};
const ALL_SUMS = Object.keys(SUMS) as SumColumn[];

const COLUMN_OF_SUM: Record<TotalsSum, SumColumn> = {
  volume: 'volume',
  positive: 'positive',
  neutral: 'neutral',
  negative: 'negative',
  sentimentSum: 'sentiment_sum',
  sentimentSquareSum: 'sentiment_square_sum',
  reach: 'reach_sum',
  engagement: 'engagement_sum',
  weightSum: 'weight_sum',
  weightedSentimentSum: 'weighted_sentiment_sum',
  mediaCoverage: 'media_coverage',
};

/** The sum columns `metrics` are computed from (sumsForMetrics, as the rollups name them). */
export function sumColumnsForMetrics(metrics: readonly MetricName[]): SumColumn[] {
  return [...sumsForMetrics(metrics)].map((sum) => COLUMN_OF_SUM[sum]);
}

/** The wanted sums in a fixed order, volume first (it tells which groups have mentions). */
function wantedSums(sums: readonly SumColumn[] | undefined): SumColumn[] {
  return sums ? ALL_SUMS.filter((column) => column === 'volume' || sums.includes(column)) : ALL_SUMS;
}

export interface SegmentRow {
  segment: number;
  incidentId: string | null;
  platform: string | null;
  language: string | null;
  sentiment: string | null;
  totals: Totals;
}


/** Column expressions of each dimension over the rollup tables (r) and over raw mention rows (m). */
const DIMENSIONS: Record<GroupDimension, { rollup: string; raw: string; alias: string }> = {
  INCIDENT: { rollup: 'r.incident_key', raw: `COALESCE(m.incident_id, '${NO_INCIDENT}'::uuid)`, alias: 'incident_key' },
  PLATFORM: { rollup: 'r.platform', raw: 'm.platform', alias: 'platform' },
  LANGUAGE: { rollup: 'r.language', raw: "COALESCE(m.language, '')", alias: 'language' },
  SENTIMENT: { rollup: 'r.sentiment_label', raw: 'm.sentiment_label', alias: 'sentiment_label' },
};

/**
 * Sums of audience mentions per segment (and per value of the chosen dimensions), exact for any edges. Whole
 * 15-minute slots inside one segment are read from the rollups; the few slots an edge cuts through (range
 * ends, the local hours of :30/:45 zones never do, minute buckets always do) are summed from the raw rows of
 * that slot alone. Only segments and groups with mentions come back.
 */
export async function segmentTotals(dataSource: Queryable, query: SegmentQuery): Promise<SegmentRow[]> {
  return withCurrentDayZone(dataSource, query, (current) => runSegmentTotals(dataSource, current));
}

async function runSegmentTotals(dataSource: Queryable, query: SegmentQuery): Promise<SegmentRow[]> {
  type Row = Record<string, string | null>;
  const [rows, authors] = await Promise.all([
    dataSource.query(...totalsSql(query)) as Promise<Row[]>,
    query.uniqueAuthors ? (dataSource.query(...authorsSql(query)) as Promise<Row[]>) : Promise.resolve([] as Row[]),
  ]);
  const authorCounts = new Map(authors.map((row) => [groupKey(row, query.dimensions), Number(row.unique_authors)]));
  return rows.map((row) => ({
    segment: Number(row.segment) - 1,
    incidentId: query.dimensions.includes('INCIDENT') ? (row.incident_key === NO_INCIDENT ? null : row.incident_key!) : null,
    platform: query.dimensions.includes('PLATFORM') ? row.platform! : null,
    language: query.dimensions.includes('LANGUAGE') ? row.language || null : null,
    sentiment: query.dimensions.includes('SENTIMENT') ? row.sentiment_label! : null,
    totals: totalsOfRow(row, query.uniqueAuthors ? (authorCounts.get(groupKey(row, query.dimensions)) ?? 0) : null),
  }));
}

/** Totals from a row with the sum columns of the rollups (numeric and bigint sums arrive as strings). */
export function totalsOfRow(row: Record<string, unknown>, uniqueAuthors: number | null): Totals {
  // a sum left out of the statement (SegmentQuery.sums) reads 0
  const sum = (column: SumColumn) => (row[column] === undefined ? 0 : Number(row[column]));
  return {
    volume: sum('volume'),
    positive: sum('positive'),
    neutral: sum('neutral'),
    negative: sum('negative'),
    sentimentSum: sum('sentiment_sum'),
    sentimentSquareSum: sum('sentiment_square_sum'),
    reach: sum('reach_sum'),
    engagement: sum('engagement_sum'),
    weightSum: sum('weight_sum'),
    weightedSentimentSum: sum('weighted_sentiment_sum'),
    mediaCoverage: sum('media_coverage'),
    uniqueAuthors,
  };
}

/** The totals of one segment, or empty totals when it had no mentions. */
export function totalsOfSegment(rows: readonly SegmentRow[], segment: number): Totals {
  return rows.find((row) => row.segment === segment)?.totals ?? { ...EMPTY_TOTALS };
}

function groupKey(row: Record<string, string | null>, dimensions: readonly GroupDimension[]): string {
  return [row.segment, ...dimensions.map((dimension) => row[DIMENSIONS[dimension].alias])].join('|');
}

/** Slots an edge falls inside of, rather than on: they are summed from raw rows. */
function cutSlots(edges: readonly number[]): string[] {
  const slots = new Set<number>();
  for (const edge of edges) if (edge % SLOT_MS !== 0) slots.add(Math.floor(edge / SLOT_MS) * SLOT_MS);
  return [...slots].sort((a, b) => a - b).map((slot) => new Date(slot).toISOString());
}

interface Sources {
  /** Whether any 15-minute slot is cut by an edge (then its raw rows are summed). */
  hasCutSlots: boolean;
  /** SQL for the 1-based segment of a timestamp column. */
  segmentOf(column: string): string;
  /** The same for a rollup bucket column (whole 15-minute slots, which float8 epochs hold exactly). */
  segmentOfBucket(column: string): string;
  readonly from: string;
  readonly to: string;
  readonly lastWholeSlot: string;
  readonly slots: string;
  rollupWhere: string;
  rawWhere: string;
}

function sources(query: SegmentQuery, params: Params): Sources {
  const { scope, edges } = query;
  const cut = cutSlots(edges);
  const from = edges[0]!;
  const to = edges.at(-1)!;
  // bound on first use: a parameter no statement part mentions would have no type PostgreSQL can infer
  const fromParam = lazyParam(params, new Date(from).toISOString(), 'timestamptz');
  const toParam = lazyParam(params, new Date(to).toISOString(), 'timestamptz');
  const lastWholeSlotParam = lazyParam(params, new Date(to - SLOT_MS).toISOString(), 'timestamptz');
  const slotsParam = lazyParam(params, cut, 'timestamptz[]');
  const sources: Sources = {
    get from() {
      return fromParam();
    },
    get to() {
      return toParam();
    },
    get lastWholeSlot() {
      return lastWholeSlotParam();
    },
    get slots() {
      return slotsParam();
    },
    hasCutSlots: cut.length > 0,
    segmentOf: () => '',
    segmentOfBucket: () => '',
    rollupWhere: '',
    rawWhere: '',
  };
  sources.segmentOf = segmentExpression(edges, params, 'numeric');
  sources.segmentOfBucket = segmentExpression(edges, params, 'float8');
  const organization = `${params.add(scope.organizationId)}::uuid`;
  const rollup = [`r.organization_id = ${organization}`];
  const raw = [`m.organization_id = ${organization}`, 'NOT m.owned'];
  if (scope.incidentId) {
    const incident = `${params.add(scope.incidentId)}::uuid`;
    rollup.push(`r.incident_key = ${incident}`);
    raw.push(`m.incident_id = ${incident}`);
  }
  if (scope.platforms) {
    const platforms = `${params.add(scope.platforms)}::varchar[]`;
    rollup.push(`r.platform = ANY(${platforms})`);
    raw.push(`m.platform = ANY(${platforms})`);
  }
  if (scope.languages) {
    const languages = `${params.add(scope.languages)}::varchar[]`;
    rollup.push(`r.language = ANY(${languages})`);
    raw.push(`COALESCE(m.language, '') = ANY(${languages})`);
  }
  sources.rollupWhere = rollup.join(' AND ');
  sources.rawWhere = raw.join(' AND ');
  return sources;
}

function lazyParam(params: Params, value: unknown, cast: string): () => string {
  let placeholder: string | undefined;
  return () => (placeholder ??= `${params.add(value)}::${cast}`);
}

/**
 * width_bucket() unpacks its whole array on every call, so hundreds of edges cost hundreds of steps a row.
 * Evenly spaced edges (clock hours and minutes, in any zone, between offset changes) are found by
 * arithmetic instead: the first segment ends at edges[1], the others are `step` long.
 */
function segmentExpression(edges: readonly number[], params: Params, arithmetic: 'numeric' | 'float8'): (column: string) => string {
  const step = edges.length > 3 ? edges[2]! - edges[1]! : 0;
  const even = step > 0 && edges.slice(2, -1).every((edge, index) => edge - edges[index + 1]! === step) && edges.at(-1)! - edges.at(-2)! <= step;
  if (!even) {
    const edgesSql = lazyParam(params, edges.map((edge) => new Date(edge).toISOString()), 'timestamptz[]');
    return (column) => `width_bucket(${column}, ${edgesSql()})`;
  }
  const second = lazyParam(params, edges[1]! / 1000, arithmetic);
  const length = lazyParam(params, step / 1000, arithmetic);
  // numeric keeps the microseconds of a raw timestamp exact; float8 (date_part) is several times faster and
  // exact for slot starts, whole multiples of 900 seconds
  const epoch = (column: string) => (arithmetic === 'numeric' ? `extract(epoch FROM ${column})` : `date_part('epoch', ${column})`);
  return (column) => `CASE WHEN ${epoch(column)} < ${second()} THEN 1 ELSE 2 + floor((${epoch(column)} - ${second()}) / ${length()})::int END`;
}

function rawSlotJoin(s: Sources): string {
  return `unnest(${s.slots}) AS s(slot)
     JOIN mentions m ON m.posted_at >= greatest(s.slot, ${s.from}) AND m.posted_at < least(s.slot + interval '15 minutes', ${s.to})`;
}

/** What both statements share: the sources, the dimension columns of each side, and the grouping. */
function statementParts(query: SegmentQuery, params: Params) {
  const dims = query.dimensions.map((dimension) => DIMENSIONS[dimension]);
  return {
    s: sources(query, params),
    rollupDims: dims.map((dimension) => `, ${dimension.rollup} AS ${dimension.alias}`).join(''),
    rawDims: dims.map((dimension) => `, ${dimension.raw} AS ${dimension.alias}`).join(''),
    groupBy: ['segment', ...dims.map((dimension) => dimension.alias)].join(', '),
  };
}

/**
 * The grouped statements whose rows, summed per segment and group, are the answer: one per rollup tier read
 * (or mention_slot_totals), and the raw rows of the slots an edge cuts. `combine` sums a column over them
 * (one part alone needs no second grouping).
 */
function partsSql(query: SegmentQuery, params: Params) {
  const { s, rollupDims, rawDims, groupBy } = statementParts(query, params);
  const sums = wantedSums(query.sums);
  const select = (side: 'raw' | 'slotTotals' | 'rollups') => sums.map((column) => `${SUMS[column][side]} AS ${column}`).join(',\n             ');
  const rollups = usesSlotTotals(query) ? [slotTotalsPart(s, rollupDims, groupBy, select('slotTotals'))] : rollupsParts(query, s, params, rollupDims, groupBy, select('rollups'));
  const raw = () => `SELECT ${s.segmentOf('m.posted_at')} AS segment${rawDims},
             ${select('raw')}
        FROM ${rawSlotJoin(s)}
       WHERE ${s.rawWhere}
       GROUP BY ${groupBy}`;
  const parts = s.hasCutSlots || rollups.length === 0 ? [...rollups, raw()] : rollups;
  // one part alone (no slot cut by an edge, one tier) has the groups of the answer as they are
  return { parts, sums, groupBy, combine: parts.length > 1 ? (column: string) => `sum(${column})` : (column: string) => column };
}

function totalsSql(query: SegmentQuery): [string, unknown[]] {
  const params = new Params();
  const { parts, sums, groupBy, combine } = partsSql(query, params);
  // sums leave as float8: the same double JavaScript would make of the numeric text, in fewer bytes
  const sql = `
    WITH parts AS (${parts.join(' UNION ALL ')})
    SELECT ${groupBy},
           ${sums.map((column) => `COALESCE(${combine(column)}, 0)::float8 AS ${column}`).join(', ')}
      FROM parts
     ${parts.length > 1 ? `GROUP BY ${groupBy} HAVING sum(volume) > 0` : 'WHERE volume > 0'}
     ORDER BY ${groupBy}
     ${query.limit ? `LIMIT ${params.add(query.limit)}` : ''}`;
  return [sql, params.values];
}

/** [from, to) in epoch milliseconds. */
export type TimeWindow = readonly [number, number];

/**
 * Totals of several windows of one scope, which may overlap (trailing windows of different lengths, a window
 * and the one before it), in one statement: the segments between all their ends are summed as segmentTotals
 * sums them, and each window adds up its segments in the database (numeric sums, exact like a query of that
 * window alone). In the windows' order.
 */
export async function windowTotals(
  dataSource: Queryable,
  query: { scope: AnalyticsScope; windows: readonly TimeWindow[]; sums?: readonly SumColumn[] },
): Promise<Totals[]> {
  return withCurrentDayZone(dataSource, query, (current) => runWindowTotals(dataSource, current));
}

/** crisis_require_day_zone's SQLSTATE: the organization's zone changed between reading it and the statement. */
const DAY_ZONE_CHANGED = 'CR001';

/**
 * Runs a statement planned for the scope's dayZone; when the zone (and with it mention_day_rollups) changed
 * in between, plans it again once for the zone the database now holds.
 */
async function withCurrentDayZone<Q extends { scope: AnalyticsScope }, T>(dataSource: Queryable, query: Q, run: (query: Q) => Promise<T>): Promise<T> {
  try {
    return await run(query);
  } catch (error) {
    if ((error as { code?: unknown }).code !== DAY_ZONE_CHANGED) throw error;
    const rows: Array<{ timezone: string }> = await dataSource.query('SELECT timezone FROM organizations WHERE id = $1', [query.scope.organizationId]);
    return run({ ...query, scope: { ...query.scope, dayZone: rows[0]?.timezone ?? null } });
  }
}

async function runWindowTotals(
  dataSource: Queryable,
  query: { scope: AnalyticsScope; windows: readonly TimeWindow[]; sums?: readonly SumColumn[] },
): Promise<Totals[]> {
  if (query.windows.some(([from, to]) => !(from < to))) throw new Error('windowTotals: every window needs from < to');
  const edges = [...new Set(query.windows.flat())].sort((a, b) => a - b);
  const segmentOf = new Map(edges.map((edge, index) => [edge, index + 1]));
  const params = new Params();
  const { parts, sums } = partsSql({ scope: query.scope, edges, dimensions: [], uniqueAuthors: false, sums: query.sums }, params);
  // window i covers the 1-based segments first..last: [edges[first - 1], edges[last])
  const first = query.windows.map(([from]) => segmentOf.get(from)!);
  const last = query.windows.map(([, to]) => segmentOf.get(to)! - 1);
  const sql = `
    WITH parts AS (${parts.join(' UNION ALL ')})
    SELECT w.i,
           ${sums.map((column) => `COALESCE(sum(p.${column}), 0)::float8 AS ${column}`).join(', ')}
      FROM unnest(${params.add(first)}::int[], ${params.add(last)}::int[]) WITH ORDINALITY AS w(first_segment, last_segment, i)
      LEFT JOIN parts p ON p.segment BETWEEN w.first_segment AND w.last_segment
     GROUP BY w.i
     ORDER BY w.i`;
  const rows: Array<Record<string, string | number | null>> = await dataSource.query(sql, params.values);
  return rows.map((row) => totalsOfRow(row, null));
}

/**
 * mention_slot_totals holds everything an unfiltered query needs (per incident) in far fewer rows; platform
 * and language filters or groupings need the full rollups.
 */
function usesSlotTotals(query: SegmentQuery): boolean {
  return !query.scope.platforms && !query.scope.languages && query.dimensions.every((dimension) => dimension === 'INCIDENT');
}

function slotTotalsPart(s: Sources, dims: string, groupBy: string, sums: string): string {
  return `SELECT ${s.segmentOfBucket('r.bucket')} AS segment${dims},
             ${sums}
        FROM mention_slot_totals r
       WHERE ${s.rollupWhere} AND r.bucket >= ${s.from} AND r.bucket <= ${s.lastWholeSlot} AND r.bucket < ${s.to} AND r.bucket <> ALL(${s.slots})
       GROUP BY ${groupBy}`;
}

const TIER_TABLES = { hour: 'mention_hour_rollups', slot: 'mention_rollups' } as const;

/**
 * One grouped statement per rollup tier with buckets to read: whole local dates of the organization (languages
 * folded together unless the question names one), then UTC hours, then 15-minute slots.
 */
function rollupsParts(query: SegmentQuery, s: Sources, params: Params, dims: string, groupBy: string, sums: string): string[] {
  const ranges = tierRanges(query.edges, query.scope.dayZone);
  const part = (table: string, list: readonly TierRange[], extraWhere = '') => {
    const { from, where, segment } = tierSource(table, list, params, s);
    return `SELECT ${segment} AS segment${dims},
             ${sums}
        FROM ${from}
       WHERE ${s.rollupWhere} AND ${where}${extraWhere}
       GROUP BY ${groupBy}`;
  };
  const parts = (Object.keys(TIER_TABLES) as Array<keyof typeof TIER_TABLES>)
    .filter((tier) => ranges[tier].length > 0)
    .map((tier) => part(TIER_TABLES[tier], ranges[tier].map(([from, to]) => ({ from, to }))));
  if (ranges.day.length === 0) return parts;
  // the guard fails the statement if the organization's zone (and with it the day rows) changed since the
  // organization was read
  const guard = ` AND (SELECT crisis_require_day_zone(${params.add(query.scope.organizationId)}::uuid, ${params.add(query.scope.dayZone)}::text))`;
  // a question that names no language reads the dates with their languages folded together (far fewer rows)
  const table = query.scope.languages || query.dimensions.includes('LANGUAGE') ? 'mention_day_rollups' : 'mention_day_platform_rollups';
  return [part(table, ranges.day, guard), ...parts];
}

/** Buckets [from, to) of one tier; day buckets are date labels, not instants, so their ranges name their 0-based segment. */
interface TierRange {
  from: number;
  to: number;
  segment?: number;
}

/**
 * The rows of `table` in the ranges, and each row's 1-based segment: one range is a plain index range,
 * several a nested loop of index ranges.
 */
function tierSource(table: string, list: readonly TierRange[], params: Params, s: Sources): { from: string; where: string; segment: string } {
  const iso = (time: number) => new Date(time).toISOString();
  const labelled = list[0]!.segment !== undefined;
  if (list.length === 1) {
    const [range] = list as [TierRange];
    return {
      from: `${table} r`,
      where: `r.bucket >= ${params.add(iso(range.from))}::timestamptz AND r.bucket < ${params.add(iso(range.to))}::timestamptz`,
      segment: labelled ? String(range.segment! + 1) : s.segmentOfBucket('r.bucket'),
    };
  }
  const bounds = `${params.add(list.map((range) => iso(range.from)))}::timestamptz[], ${params.add(list.map((range) => iso(range.to)))}::timestamptz[]`;
  return {
    from: labelled
      ? `unnest(${bounds}, ${params.add(list.map((range) => range.segment! + 1))}::int[]) AS g(lo, hi, segment)
             JOIN ${table} r ON r.bucket >= g.lo AND r.bucket < g.hi`
      : `unnest(${bounds}) AS g(lo, hi)
             JOIN ${table} r ON r.bucket >= g.lo AND r.bucket < g.hi`,
    where: 'true',
    segment: labelled ? 'g.segment' : s.segmentOfBucket('r.bucket'),
  };
}

function authorsSql(query: SegmentQuery): [string, unknown[]] {
  const params = new Params();
  const { s, rollupDims, rawDims, groupBy } = statementParts(query, params);
  const sql = `
    SELECT ${groupBy}, count(DISTINCT author_id) AS unique_authors
      FROM (
        SELECT ${s.segmentOfBucket('r.bucket')} AS segment${rollupDims}, r.author_id
          FROM mention_author_rollups r
         WHERE ${s.rollupWhere} AND r.mentions > 0 AND r.bucket >= ${s.from} AND r.bucket <= ${s.lastWholeSlot}
           AND r.bucket <> ALL(${s.slots})
        UNION ALL
        SELECT ${s.segmentOf('m.posted_at')} AS segment${rawDims}, m.author_id
          FROM ${rawSlotJoin(s)}
         WHERE ${s.rawWhere}
      ) authors
     GROUP BY ${groupBy}
     ORDER BY ${groupBy}
     ${query.limit ? `LIMIT ${params.add(query.limit)}` : ''}`;
  return [sql, params.values];
}
