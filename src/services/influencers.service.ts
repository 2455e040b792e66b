import type { DataSource } from 'typeorm';
import { tenantPredicate } from '../auth/tenant-scope';
import type { Viewer } from '../auth/viewer';
import { ApiScope, Platform } from '../entities/enums';
import { Influencer } from '../entities/influencer.entity';
import { Params, hydrate, selectColumns } from '../db/sql';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { normalizeHandle, requireId } from './validation';

const MAX_SEARCH_RESULTS = 100;

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

  /**
   * Handles (and display names) that start with the query first, then those similar to it (pg_trgm, typos
   * tolerated), best first; only authors this key's organizations have seen or track.
   */
  async search(viewer: Viewer, queryInput: string, platform: Platform | null, first: number): Promise<Influencer[]> {
    viewer.requireScope(ApiScope.READ);
    const query = queryInput.trim().replace(/^@+/, '').toLowerCase();
    if (query.length === 0 || query.length > 100) throw new BadInputError('query', 'give 1–100 characters of a handle or name.');
    if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_RESULTS) {
      throw new BadInputError('first', `must be between 1 and ${MAX_SEARCH_RESULTS} (got ${first}).`);
    }
    // prefix matches rank before every similar one, so similar ones are looked for only when the prefix
    // matches do not fill the page (trigrams of one or two characters match nearly everything: never then)
    const prefixed = await this.searchCandidates(viewer, query, platform, first, false);
    if (prefixed.length >= first || query.length < 3) return prefixed;
    return this.searchCandidates(viewer, query, platform, first, true);
  }

  /**
   * The page of search results among candidates taken from indexes: the alphabetically first prefix matches
   * of handles and of display names (B-trees in byte order, read in order and cut at `first`), and with
   * `similar` the most similar handles and display names (trigram indexes); ranked prefix first, then by
   * similarity.
   */
  private async searchCandidates(viewer: Viewer, query: string, platform: Platform | null, first: number, similar: boolean): Promise<Influencer[]> {
    const params = new Params();
    const q = params.add(query);
    const prefix = params.add(`${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    const limit = params.add(first);
    const filter = `${platform ? `AND i.platform = ${params.add(platform)}` : ''} AND ${this.visibility(viewer, params)}`;
    const handle = 'i.handle_key COLLATE "C"';
    const name = 'lower(i.display_name) COLLATE "C"';
    const candidates = [
      `(SELECT i.id FROM influencers i WHERE ${handle} LIKE ${prefix} ${filter} ORDER BY ${handle}, i.id LIMIT ${limit})`,
      `(SELECT i.id FROM influencers i WHERE ${name} LIKE ${prefix} ${filter} ORDER BY ${name}, i.id LIMIT ${limit})`,
    ];
    if (similar) {
      candidates.push(
        `(SELECT i.id FROM influencers i WHERE i.handle_key % ${q} ${filter} ORDER BY similarity(i.handle_key, ${q}) DESC, i.id LIMIT ${limit})`,
        `(SELECT i.id FROM influencers i WHERE lower(i.display_name) % ${q} ${filter} ORDER BY similarity(lower(i.display_name), ${q}) DESC, i.id LIMIT ${limit})`,
      );
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Influencer, 'i')}
         FROM influencers i
        WHERE i.id IN (${candidates.join(' UNION ')})
        ORDER BY (${handle} LIKE ${prefix} OR ${name} LIKE ${prefix}) DESC,
                 greatest(similarity(i.handle_key, ${q}), COALESCE(similarity(lower(i.display_name), ${q}), 0)) DESC,
                 i.handle_key, i.platform, i.id
        LIMIT ${limit}`,
      params.values,
    );
    return hydrate(Influencer, rows);
  }

  /**
   * Marks an author as watched by an organization (MANAGE), creating the author if it has not posted yet, so
   * a team can watch an account before it speaks. `tracked: false` stops watching.
   */
  async setTracked(
    viewer: Viewer,
    organizationIdInput: string,
    platform: Platform,
    handleInput: string,
    note: string | null | undefined,
    tracked: boolean,
  ): Promise<Influencer> {
    const organizationId = requireId(organizationIdInput, 'organizationId');
    viewer.requireOrganization(organizationId, ApiScope.MANAGE);
    const handle = normalizeHandle(handleInput, 'handle');
    if (note != null && note.length > 2000) throw new BadInputError('note', 'at most 2,000 characters.');
    const [organization] = (await this.dataSource.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId])) as unknown[];
    if (!organization) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    const rows: Array<Record<string, unknown>> = await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO influencers (platform, handle, handle_key) VALUES ($1, $2, $3) ON CONFLICT (platform, handle_key) DO NOTHING`,
        [platform, handle, handle.toLowerCase()],
      );
      const [influencer] = (await manager.query('SELECT id FROM influencers WHERE platform = $1 AND handle_key = $2', [platform, handle.toLowerCase()])) as Array<{
        id: string;
      }>;
      await manager.query(
        `INSERT INTO organization_influencers AS oi (organization_id, influencer_id, tracked, note, tracked_at)
         VALUES ($1, $2, $3, $4, CASE WHEN $3 THEN now() END)
         ON CONFLICT (organization_id, influencer_id) DO UPDATE SET
           tracked = EXCLUDED.tracked,
           note = CASE WHEN $5 THEN EXCLUDED.note ELSE oi.note END,
           tracked_at = CASE WHEN EXCLUDED.tracked THEN COALESCE(oi.tracked_at, now()) END`,
        [organizationId, influencer!.id, tracked, note ?? null, note !== undefined],
      );
      return manager.query(`SELECT ${selectColumns(this.dataSource, Influencer, 'i')} FROM influencers i WHERE i.id = $1`, [influencer!.id]);
    });
    return hydrate(Influencer, rows)[0]!;
  }

  private visibility(viewer: Viewer, params: Params): string {
    if (viewer.visibleOrganizationIds() === null) return 'TRUE';
    return `EXISTS (SELECT 1 FROM organization_influencers oi WHERE oi.influencer_id = i.id AND ${tenantPredicate(viewer, 'oi.organization_id', params)})`;
  }
}
