import type { DataSource } from 'typeorm';
import { metricValue, type Totals } from '../analytics/metrics';
import { Params, hydrate, selectColumns } from '../db/sql';
import { Alert } from '../entities/alert.entity';
import { Mention } from '../entities/mention.entity';
import type { AnalyticsScope, SumColumn } from '../services/analytics/segment-totals';
import type { Change } from './change-bus';
import type { TopicSpec } from './live-hub';
import { WindowBatches } from './window-batches';

export interface SentimentUpdateData {
  organizationId: string;
  incidentId: string | null;
  at: Date;
  windowSeconds: number;
  volume: number;
  averageSentiment: number | null;
  positive: number;
  neutral: number;
  negative: number;
  negativeShare: number | null;
  netSentiment: number | null;
}

export interface VolumeUpdateData {
  organizationId: string;
  incidentId: string | null;
  at: Date;
  windowSeconds: number;
  volume: number;
  previousVolume: number;
  change: number;
}

interface WindowFeed {
  organizationId: string;
  incidentId: string | null;
  windowSeconds: number;
  throttleMs: number;
}

/** What each window feed reads: its update's fields need no other sums. */
const SENTIMENT_SUMS: readonly SumColumn[] = ['volume', 'positive', 'neutral', 'negative', 'sentiment_sum'];
const VOLUME_SUMS: readonly SumColumn[] = ['volume'];

/** Topic specs: the whole shared computation of each subscription kind, keyed by its arguments. */
export class LiveFeeds {
  /** Window feeds of one organization recomputed together share one statement. */
  private readonly windows: WindowBatches;

  constructor(
    private readonly dataSource: DataSource,
    now: () => Date,
  ) {
    this.windows = new WindowBatches(dataSource, now);
  }

  sentiment(feed: WindowFeed): TopicSpec<SentimentUpdateData> {
    return {
      key: `sentiment:${feed.organizationId}:${feed.incidentId ?? '*'}:${feed.windowSeconds}:${feed.throttleMs}`,
      organizationId: feed.organizationId,
      throttleMs: feed.throttleMs,
      mode: 'latest',
      concerns: (change) => concernsIncident(change, feed.incidentId),
      produce: async () => {
        const window = feed.windowSeconds * 1000;
        const { at, totals: found } = await this.windows.totals(scopeOf(feed), [{ fromAgoMs: window, toAgoMs: 0 }], SENTIMENT_SUMS);
        const [totals] = found as [Totals];
        return [
          {
            organizationId: feed.organizationId,
            incidentId: feed.incidentId,
            at,
            windowSeconds: feed.windowSeconds,
            volume: totals.volume,
            averageSentiment: metricValue('AVERAGE_SENTIMENT', totals),
            positive: totals.positive,
            neutral: totals.neutral,
            negative: totals.negative,
            negativeShare: metricValue('NEGATIVE_SHARE', totals),
            netSentiment: metricValue('NET_SENTIMENT', totals),
          },
        ];
      },
    };
  }

  volume(feed: WindowFeed): TopicSpec<VolumeUpdateData> {
    return {
      key: `volume:${feed.organizationId}:${feed.incidentId ?? '*'}:${feed.windowSeconds}:${feed.throttleMs}`,
      organizationId: feed.organizationId,
      throttleMs: feed.throttleMs,
      mode: 'latest',
      concerns: (change) => concernsIncident(change, feed.incidentId),
      produce: async () => {
        const window = feed.windowSeconds * 1000;
        // this window and the one before it, with every other window feed of the scope that is due now: one statement
        const { at, totals } = await this.windows.totals(
          scopeOf(feed),
          [
            { fromAgoMs: 2 * window, toAgoMs: window },
            { fromAgoMs: window, toAgoMs: 0 },
          ],
          VOLUME_SUMS,
        );
        const [previous, current] = totals as [Totals, Totals];
        return [
          {
            organizationId: feed.organizationId,
            incidentId: feed.incidentId,
            at,
            windowSeconds: feed.windowSeconds,
            volume: current.volume,
            previousVolume: previous.volume,
            change: current.volume - previous.volume,
          },
        ];
      },
    };
  }

  /** Alerts as they are raised (the replay of older ones is the resolver's). */
  alerts(organizationId: string, throttleMs: number): TopicSpec<Alert> {
    return {
      key: `alerts:${organizationId}:${throttleMs}`,
      organizationId,
      throttleMs,
      mode: 'queue',
      concerns: (change) => change.alertIds.length > 0,
      produce: async (changes) => {
        const ids = changes.flatMap((change) => change.alertIds);
        if (ids.length === 0) return [];
        const rows: Array<Record<string, unknown>> = await this.dataSource.query(
          `SELECT ${selectColumns(this.dataSource, Alert, 'a')} FROM alerts a WHERE a.organization_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.sequence`,
          [organizationId, ids],
        );
        return hydrate(Alert, rows);
      },
    };
  }

  mentions(filter: { organizationId: string; incidentId: string | null; sentiment: string | null; minReach: number | null }, throttleMs: number): TopicSpec<Mention> {
    return {
      key: `mentions:${filter.organizationId}:${filter.incidentId ?? '*'}:${filter.sentiment ?? '*'}:${filter.minReach ?? 0}:${throttleMs}`,
      organizationId: filter.organizationId,
      throttleMs,
      mode: 'queue',
      concerns: (change) => change.mentionIds.length > 0,
      produce: async (changes) => {
        const ids = changes.flatMap((change) => change.mentionIds);
        if (ids.length === 0) return [];
        const params = new Params();
        const conditions = [`m.organization_id = ${params.add(filter.organizationId)}::uuid`, `m.id = ANY(${params.add(ids)}::uuid[])`];
        if (filter.incidentId) conditions.push(`m.incident_id = ${params.add(filter.incidentId)}::uuid`);
        if (filter.sentiment) conditions.push(`m.sentiment_label = ${params.add(filter.sentiment)}`);
        if (filter.minReach) conditions.push(`m.reach >= ${params.add(filter.minReach)}`);
        const rows: Array<Record<string, unknown>> = await this.dataSource.query(
          `SELECT ${selectColumns(this.dataSource, Mention, 'm')} FROM mentions m WHERE ${conditions.join(' AND ')} ORDER BY m.posted_at, m.id`,
          params.values,
        );
        return hydrate(Mention, rows);
      },
    };
  }
}

function scopeOf(feed: WindowFeed): AnalyticsScope {
  return { organizationId: feed.organizationId, incidentId: feed.incidentId, platforms: null, languages: null, dayZone: null };
}

/** '*' in a change's incidents stands for "any incident of the organization" (after re-linking). */
function concernsIncident(change: Change, incidentId: string | null): boolean {
  return incidentId === null || change.incidentIds.includes(incidentId) || change.incidentIds.includes('*');
}
