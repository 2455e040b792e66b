import type { DataSource, EntityManager } from 'typeorm';
import { nextEpisodeState, scoreBuckets, severityLevel, type ScoredBucket } from '../analytics/anomalies';
import { bucketStart, calendarBuckets } from '../analytics/calendar';
import { metricValue, type Totals } from '../analytics/metrics';
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
  /** The series the spike rule runs on (higher = worse). */
  score(totals: Totals): number;
  describe(bucket: ScoredBucket, at: Date): string;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * Shares and net sentiment are scored in percentage points and net-sentiment points, so the rule's floor of 1
 * in the denominator means one point rather than the whole scale; a sentiment drop scores the fall.
 */
const RULES: KindRule[] = [
  {
    kind: AlertKind.VOLUME_SPIKE,
    metric: Metric.VOLUME,
    score: (totals) => totals.volume,
    describe: (bucket, at) =>
      `Volume spike: ${bucket.value} mentions in the hour from ${at.toISOString()}, expected ${round(bucket.expected)} ± ${round(bucket.stdDev)} (z = ${round(bucket.zScore, 2)}).`,
  },
  {
    kind: AlertKind.NEGATIVE_SHARE_SPIKE,
    metric: Metric.NEGATIVE_SHARE,
    score: (totals) => 100 * (metricValue('NEGATIVE_SHARE', totals) ?? 0),
    describe: (bucket, at) =>
      `Negative share spike: ${round(bucket.value)}% negative in the hour from ${at.toISOString()}, expected ${round(bucket.expected)}% ± ${round(bucket.stdDev)} (z = ${round(bucket.zScore, 2)}).`,
  },
  {
    kind: AlertKind.SENTIMENT_DROP,
    metric: Metric.NET_SENTIMENT,
    score: (totals) => -(metricValue('NET_SENTIMENT', totals) ?? 0),
    describe: (bucket, at) =>
      `Sentiment drop: net sentiment ${round(-bucket.value)} in the hour from ${at.toISOString()}, expected ${round(-bucket.expected)} ± ${round(bucket.stdDev)} (z = ${round(bucket.zScore, 2)}).`,
  },
];

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
      const last = bucketStart(batch.postedTo!.getTime(), 'HOUR', timezone);
      const first = Math.max(bucketStart(batch.postedFrom!.getTime(), 'HOUR', timezone), bucketStart(last - (MAX_EVALUATED_HOURS - 1) * HOUR_MS, 'HOUR', timezone));
      const buckets = calendarBuckets(first, last + 1, 'HOUR', timezone, MAX_EVALUATED_HOURS + 4);
      const range = { from: buckets[0]!.start, to: buckets.at(-1)!.end };
      const scope = { organizationId, incidentId: null, platforms: null, languages: null };
      const series = await seriesWithHistory(manager, scope, range, 'HOUR', timezone, false, buckets);
      const volumes = series.totals.map((totals) => totals.volume);
      const raised: Alert[] = [];
      for (const rule of RULES) {
        const values = series.totals.map((totals) => rule.score(totals));
        const scored = scoreBuckets(values, volumes, series.firstIndex, historyLength('HOUR'), this.threshold);
        raised.push(...(await this.advanceEpisode(manager, organizationId, rule, scored, series.buckets.map((bucket) => bucket.start))));
      }
      return raised;
    });
  }

  private async advanceEpisode(manager: EntityManager, organizationId: string, rule: KindRule, scored: ScoredBucket[], starts: number[]): Promise<Alert[]> {
    const [episode] = (await manager.query('SELECT active, last_bucket FROM alert_episodes WHERE organization_id = $1 AND kind = $2', [
      organizationId,
      rule.kind,
    ])) as Array<{ active: boolean; last_bucket: Date | null }>;
    let active = episode?.active ?? false;
    let lastBucket = episode?.last_bucket?.getTime() ?? null;
    const raised: Alert[] = [];
    for (const bucket of scored) {
      const at = starts[bucket.index]!;
      // a late mention for an hour before the episode's latest one does not reopen the past
      if (lastBucket !== null && at < lastBucket) continue;
      const step = nextEpisodeState(active, bucket, this.threshold);
      active = step.active;
      lastBucket = at;
      if (step.raise) {
        const alert = await this.insert(manager, organizationId, rule, bucket, new Date(at));
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

  private async insert(manager: EntityManager, organizationId: string, rule: KindRule, bucket: ScoredBucket, at: Date): Promise<Alert | null> {
    const drop = rule.kind === AlertKind.SENTIMENT_DROP;
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
        drop ? -bucket.value : bucket.value,
        drop ? -bucket.expected : bucket.expected,
        bucket.stdDev,
        bucket.zScore,
        Severity[severityLevel(bucket.severity)],
        bucket.severity,
        rule.describe(bucket, at),
      ],
    );
    return hydrate(Alert, rows)[0] ?? null;
  }
}
