import type { DataSource } from 'typeorm';
import { metricValue } from '../analytics/metrics';
import { Params, hydrate, selectColumns } from '../db/sql';
import { Alert } from '../entities/alert.entity';
import { Mention } from '../entities/mention.entity';
import { segmentTotals, totalsOfSegment } from '../services/analytics/segment-totals';
import type { Change } from './change-bus';
import type { TopicSpec } from './live-hub';

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

/** Topic specs: the whole shared computation of each subscription kind, keyed by its arguments. */
export class LiveFeeds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date,
  ) {}

  sentiment(feed: WindowFeed): TopicSpec<SentimentUpdateData> {
    return {
      key: `sentiment:${feed.organizationId}:${feed.incidentId ?? '*'}:${feed.windowSeconds}:${feed.throttleMs}`,
      organizationId: feed.organizationId,
      throttleMs: feed.throttleMs,
      mode: 'latest',
      concerns: (change) => concernsIncident(change, feed.incidentId),
      produce: async () => {
        const at = this.now();
        const totals = await this.windowTotals(feed, at.getTime() - feed.windowSeconds * 1000, at.getTime());
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
        const at = this.now();
        const window = feed.windowSeconds * 1000;
        // both windows in one statement: one query per topic per tick
        const rows = await segmentTotals(this.dataSource, {
          scope: { organizationId: feed.organizationId, incidentId: feed.incidentId, platforms: null, languages: null },
          edges: [at.getTime() - 2 * window, at.getTime() - window, at.getTime()],
          dimensions: [],
          uniqueAuthors: false,
        });
        const [previous, current] = [totalsOfSegment(rows, 0), totalsOfSegment(rows, 1)];
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

  private async windowTotals(feed: WindowFeed, from: number, to: number) {
    const scope = { organizationId: feed.organizationId, incidentId: feed.incidentId, platforms: null, languages: null };
    return totalsOfSegment(await segmentTotals(this.dataSource, { scope, edges: [from, to], dimensions: [], uniqueAuthors: false }), 0);
  }
}

/** '*' in a change's incidents stands for "any incident of the organization" (after re-linking). */
function concernsIncident(change: Change, incidentId: string | null): boolean {
  return incidentId === null || change.incidentIds.includes(incidentId) || change.incidentIds.includes('*');
}
