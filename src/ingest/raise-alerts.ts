import type { DataSource, EntityManager } from 'typeorm';
import { nextEpisodeState, scoreBuckets, scoreScale, severityLevel, type ScoredBucket } from '../analytics/anomalies';
import { bucketStart, calendarBuckets } from '../analytics/calendar';
import { metricValue } from '../analytics/metrics';
import { Alert } from '../entities/alert.entity';
import { AlertKind, Metric, Severity } from '../entities/enums';
import { hydrate, selectColumns } from '../db/sql';
import { historyLength, seriesWithHistory } from '../services/analytics/anomaly.service';
import { lockOrganizationWrites } from './incident-links';
import type { IngestedBatch } from './ingest-mentions';
import { withRetriedTransaction } from './transaction';

/** The z-score from which ingestion raises alerts. */
export const ALERT_THRESHOLD = 3;
const HOUR_MS = 3_600_000;
/** Hours evaluated per batch at most: the latest ones a batch touched (a backfill does not re-score months). */
const MAX_EVALUATED_HOURS = 168;

interface KindRule {
  kind: AlertKind;
  metric: Metric;
  /** +1 when a rise is bad, −1 when a fall is. */
  direction: 1 | -1;
  describe(value: number, expected: number, stdDev: number, zScore: number, at: Date): string;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * The anomaly rule on the organization's local hours: ratios scored in percentage points (`scoreScale`), a
 * sentiment drop scored on the fall of net sentiment. Values, expectations and deviations are stored in the
 * metric's own units.
 */
const RULES: KindRule[] = [
  {
    kind: AlertKind.VOLUME_SPIKE,
    metric: Metric.VOLUME,
    direction: 1,
    describe: (value, expected, stdDev, z, at) =>
      `Volume spike: ${value} mentions in the hour from ${at.toISOString()}, expected ${round(expected)} ± ${round(stdDev)} (z = ${round(z, 2)}).`,
  },
  {
    kind: AlertKind.NEGATIVE_SHARE_SPIKE,
    metric: Metric.NEGATIVE_SHARE,
    direction: 1,
    describe: (value, expected, stdDev, z, at) =>
      `Negative share spike: ${round(100 * value)}% negative in the hour from ${at.toISOString()}, expected ${round(100 * expected)}% ± ${round(100 * stdDev)} (z = ${round(z, 2)}).`,
  },
  {
    kind: AlertKind.SENTIMENT_DROP,
    metric: Metric.NET_SENTIMENT,
    direction: -1,
    describe: (value, expected, stdDev, z, at) =>
      `Sentiment drop: net sentiment ${round(value)} in the hour from ${at.toISOString()}, expected ${round(expected)} ± ${round(stdDev)} (z = ${round(z, 2)}).`,
  },
];

interface Episode {
  active: boolean;
  lastBucket: number | null;
}

/**
 * Scores the organization's hours a committed batch touched (in its time zone, with the anomaly rule) and
 * persists an alert the first time an episode crosses the threshold. Runs under the organization's write
 * lock, so concurrent batches see each other's episodes.
 */
export class AlertRaiser {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threshold = ALERT_THRESHOLD,
  ) {}

  async evaluate(batch: IngestedBatch): Promise<Alert[]> {
    if (!batch.postedFrom || !batch.postedTo) return [];
    const { organizationId } = batch;
    return withRetriedTransaction(this.dataSource, async (manager) => {
      await lockOrganizationWrites(manager, organizationId);
      const [organization] = (await manager.query('SELECT timezone FROM organizations WHERE id = $1', [organizationId])) as Array<{ timezone: string }>;
      if (!organization) return [];
      const timezone = organization.timezone;
      const episodes = await this.episodes(manager, organizationId);
      const last = bucketStart(batch.postedTo!.getTime(), 'HOUR', timezone);
      // from the episodes' latest hours too: quiet hours since then end episodes before this batch's hours count
      const earliest = Math.min(bucketStart(batch.postedFrom!.getTime(), 'HOUR', timezone), ...[...episodes.values()].map((episode) => episode.lastBucket ?? Infinity));
      const first = Math.max(earliest, bucketStart(last - (MAX_EVALUATED_HOURS - 1) * HOUR_MS, 'HOUR', timezone));
      const buckets = calendarBuckets(first, last + 1, 'HOUR', timezone, MAX_EVALUATED_HOURS + 4);
      const range = { from: buckets[0]!.start, to: buckets.at(-1)!.end };
      const scope = { organizationId, incidentId: null, platforms: null, languages: null, dayZone: timezone };
      const series = await seriesWithHistory(manager, scope, range, 'HOUR', timezone, false, buckets);
      const volumes = series.totals.map((totals) => totals.volume);
      const starts = series.buckets.map((bucket) => bucket.start);
      const raised: Alert[] = [];
      for (const rule of RULES) {
        const scale = scoreScale(rule.metric) * rule.direction;
        const values = series.totals.map((totals) => (metricValue(rule.metric, totals) ?? 0) * scale);
        const scored = scoreBuckets(values, volumes, series.firstIndex, historyLength('HOUR'), this.threshold);
        const episode = episodes.get(rule.kind) ?? { active: false, lastBucket: null };
        raised.push(...(await this.advanceEpisode(manager, organizationId, rule, episode, scored, starts, scale)));
      }
      return raised;
    });
  }

  private async episodes(manager: EntityManager, organizationId: string): Promise<Map<string, Episode>> {
    const rows = (await manager.query('SELECT kind, active, last_bucket FROM alert_episodes WHERE organization_id = $1', [organizationId])) as Array<{
      kind: string;
      active: boolean;
      last_bucket: Date | null;
    }>;
    return new Map(rows.map((row) => [row.kind, { active: row.active, lastBucket: row.last_bucket?.getTime() ?? null }]));
  }

  private async advanceEpisode(
    manager: EntityManager,
    organizationId: string,
    rule: KindRule,
    episode: Episode,
    scored: ScoredBucket[],
    starts: number[],
    scale: number,
  ): Promise<Alert[]> {
    let { active, lastBucket } = episode;
    const raised: Alert[] = [];
    for (const bucket of scored) {
      const at = starts[bucket.index]!;
      // a late mention for an hour before the episode's latest one does not reopen the past
      if (lastBucket !== null && at < lastBucket) continue;
      const step = nextEpisodeState(active, bucket, this.threshold);
      active = step.active;
      lastBucket = at;
      if (step.raise) {
        const alert = await this.insert(manager, organizationId, rule, bucket, scale, new Date(at));
        if (alert) raised.push(alert);
      }
    }
    await manager.query(
      `INSERT INTO alert_episodes (organization_id, kind, active, last_bucket) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, kind) DO UPDATE SET active = EXCLUDED.active, last_bucket = EXCLUDED.last_bucket`,
      [organizationId, rule.kind, active, lastBucket === null ? null : new Date(lastBucket)],
    );
    return raised;
  }

  private async insert(manager: EntityManager, organizationId: string, rule: KindRule, bucket: ScoredBucket, scale: number, at: Date): Promise<Alert | null> {
    const value = bucket.value / scale;
    const expected = bucket.expected / scale;
    const stdDev = bucket.stdDev / Math.abs(scale);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `INSERT INTO alerts (organization_id, kind, incident_id, bucket, metric, value, expected, std_dev, z_score, severity, severity_score, message)
       SELECT $1, $2,
              (SELECT i.id FROM incidents i
                WHERE i.organization_id = $1 AND i.started_at < $3::timestamptz + interval '1 hour'
                  AND (i.resolved_at IS NULL OR i.resolved_at > $3::timestamptz)
                ORDER BY i.started_at DESC, i.id LIMIT 1),
              $3, $4, $5, $6, $7, $8, $9, $10, $11
       ON CONFLICT (organization_id, kind, bucket) DO NOTHING
       RETURNING ${selectColumns(this.dataSource, Alert, 'alerts')}`,
      [
        organizationId,
        rule.kind,
        at.toISOString(),
        rule.metric,
        value,
        expected,
        stdDev,
        bucket.zScore,
        Severity[severityLevel(bucket.severity)],
        bucket.severity,
        rule.describe(value, expected, stdDev, bucket.zScore, at),
      ],
    );
    return hydrate(Alert, rows)[0] ?? null;
  }
}
