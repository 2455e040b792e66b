import type { DataSource } from 'typeorm';
import { tenantPredicate } from '../auth/tenant-scope';
import type { Viewer } from '../auth/viewer';
import { ApiScope, Platform } from '../entities/enums';
import { Influencer } from '../entities/influencer.entity';
import { Params, hydrate, selectColumns } from '../db/sql';
import { normalizeHandle } from './validation';

/** What the viewer's organizations know about an author. */
export interface InfluencerStats {
  mentionCount: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  tracked: boolean;
}

const NO_STATS: InfluencerStats = { mentionCount: 0, firstSeenAt: null, lastSeenAt: null, tracked: false };

export class InfluencersService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Exact, case-insensitive, leading @ ignored. A key only finds authors its organizations have seen or
   * track, so lookups cannot reveal what other tenants monitor.
   */
  async byHandle(viewer: Viewer, platform: Platform, handle: string): Promise<Influencer | null> {
    viewer.requireScope(ApiScope.READ);
    const key = normalizeHandle(handle, 'handle').toLowerCase();
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Influencer, 'i')} FROM influencers i
        WHERE i.platform = ${params.add(platform)} AND i.handle_key = ${params.add(key)}
          AND ${this.visibility(viewer, params)}`,
      params.values,
    );
    return hydrate(Influencer, rows)[0] ?? null;
  }

  async byIds(viewer: Viewer, ids: readonly string[]): Promise<Array<Influencer | null>> {
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Influencer, 'i')} FROM influencers i
        WHERE i.id = ANY(${params.add(ids)}::uuid[]) AND ${this.visibility(viewer, params)}`,
      params.values,
    );
    const byId = new Map(hydrate(Influencer, rows).map((influencer) => [influencer.id, influencer]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async statsByIds(viewer: Viewer, ids: readonly string[]): Promise<InfluencerStats[]> {
    const params = new Params();
    const rows: Array<{ influencerId: string } & InfluencerStats> = await this.dataSource.query(
      `SELECT oi.influencer_id AS "influencerId", sum(oi.mention_count)::int AS "mentionCount",
              min(oi.first_seen_at) AS "firstSeenAt", max(oi.last_seen_at) AS "lastSeenAt", bool_or(oi.tracked) AS tracked
         FROM organization_influencers oi
        WHERE oi.influencer_id = ANY(${params.add(ids)}::uuid[]) AND ${tenantPredicate(viewer, 'oi.organization_id', params)}
        GROUP BY oi.influencer_id`,
      params.values,
    );
    const byId = new Map(rows.map((row) => [row.influencerId, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? { mentionCount: row.mentionCount, firstSeenAt: row.firstSeenAt, lastSeenAt: row.lastSeenAt, tracked: row.tracked } : NO_STATS;
    });
  }

  private visibility(viewer: Viewer, params: Params): string {
    if (viewer.visibleOrganizationIds() === null) return 'TRUE';
    return `EXISTS (SELECT 1 FROM organization_influencers oi WHERE oi.influencer_id = i.id AND ${tenantPredicate(viewer, 'oi.organization_id', params)})`;
  }
}
