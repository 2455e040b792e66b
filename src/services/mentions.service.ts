import type { DataSource } from 'typeorm';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import { tenantPredicate } from '../auth/tenant-scope';
import type { Viewer } from '../auth/viewer';
import { ApiScope, Platform, SentimentLabel } from '../entities/enums';
import { Mention } from '../entities/mention.entity';
import { BadInputError } from '../errors/app-errors';
import { fetchKeysetPages, type SortKey } from '../db/keyset';
import { Params, hydrate, selectColumns } from '../db/sql';
import { decodeKeysetCursor, encodeCursor, pageSize, toPage, type Page, type PageRequest } from './pagination';
import { normalizeHandle, primaryLanguage, requireId, requireRange, requireValidDate } from './validation';

export enum MentionOrder {
  POSTED_AT_DESC = 'POSTED_AT_DESC',
  POSTED_AT_ASC = 'POSTED_AT_ASC',
  REACH_DESC = 'REACH_DESC',
  REACH_ASC = 'REACH_ASC',
  ENGAGEMENT_DESC = 'ENGAGEMENT_DESC',
  ENGAGEMENT_ASC = 'ENGAGEMENT_ASC',
  SENTIMENT_ASC = 'SENTIMENT_ASC',
  SENTIMENT_DESC = 'SENTIMENT_DESC',
}

const SORTS: Record<MentionOrder, SortKey> = {
  POSTED_AT_DESC: { column: 'm.posted_at', type: 'timestamptz', property: 'postedAt', direction: 'DESC' },
  POSTED_AT_ASC: { column: 'm.posted_at', type: 'timestamptz', property: 'postedAt', direction: 'ASC' },
  REACH_DESC: { column: 'm.reach', type: 'integer', property: 'reach', direction: 'DESC' },
  REACH_ASC: { column: 'm.reach', type: 'integer', property: 'reach', direction: 'ASC' },
  ENGAGEMENT_DESC: { column: 'm.engagement', type: 'integer', property: 'engagement', direction: 'DESC' },
  ENGAGEMENT_ASC: { column: 'm.engagement', type: 'integer', property: 'engagement', direction: 'ASC' },
  SENTIMENT_ASC: { column: 'm.sentiment', type: 'double precision', property: 'sentiment', direction: 'ASC' },
  SENTIMENT_DESC: { column: 'm.sentiment', type: 'double precision', property: 'sentiment', direction: 'DESC' },
};

/** Every filter of `MentionFilter`; `organizationId` is implied when the list hangs off a parent. */
export interface MentionFilterFields {
  organizationId?: string | null;
  incidentId?: string | null;
  platforms?: Platform[] | null;
  sentiment?: SentimentLabel | null;
  language?: string | null;
  authorHandle?: string | null;
  from?: Date | null;
  to?: Date | null;
  minReach?: number | null;
  search?: string | null;
  owned?: boolean | null;
}

/** The parent a list of mentions belongs to: one statement serves many parents of the same kind. */
export type MentionParent = 'organization_id' | 'incident_id' | 'author_id';

export class MentionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: SizeLimits = CONTRACT_LIMITS,
  ) {}

  async list(
    viewer: Viewer,
    parent: MentionParent,
    parentIds: readonly string[],
    filter: MentionFilterFields,
    order: MentionOrder,
    request: PageRequest,
    withTotal: boolean,
  ): Promise<Map<string, Page<Mention>>> {
    viewer.requireScope(ApiScope.READ);
    const limit = pageSize(request.first, 'first', this.limits.maxPageSize);
    const params = new Params();
    const where = [tenantPredicate(viewer, 'm.organization_id', params), ...this.conditions(filter, params)];
    const sort = SORTS[order];
    const pages = await fetchKeysetPages(this.dataSource, {
      table: 'mentions',
      alias: 'm',
      columns: selectColumns(this.dataSource, Mention, 'm'),
      partition: { column: parent, keys: parentIds, type: 'uuid' },
      where,
      params,
      sort,
      after: decodeKeysetCursor(request.after, order, sort.type),
      limit,
      withTotal,
    });
    const result = new Map<string, Page<Mention>>();
    for (const [parentId, page] of pages) {
      const cursorOf = (mention: Mention) =>
        encodeCursor(order, [(mention as unknown as Record<string, unknown>)[sort.property], mention.id]);
      result.set(parentId, toPage(hydrate(Mention, page.rows), limit, cursorOf, page.total));
    }
    return result;
  }

  /** Batch read by id for the request's loader (replies, reshares): same order and length as `ids`. */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<Array<Mention | null>> {
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Mention, 'm')} FROM mentions m
        WHERE m.id = ANY(${params.add(ids)}::uuid[]) AND ${tenantPredicate(viewer, 'm.organization_id', params)}`,
      params.values,
    );
    const byId = new Map(hydrate(Mention, rows).map((mention) => [mention.id, mention]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Batch read by identity `(organization, platform, externalId)`, which is how replies and reshares point. */
  async byExternalIds(
    viewer: Viewer,
    keys: ReadonlyArray<{ organizationId: string; platform: Platform; externalId: string }>,
  ): Promise<Array<Mention | null>> {
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Mention, 'm')}
         FROM unnest(${params.add(keys.map((k) => k.organizationId))}::uuid[],
                     ${params.add(keys.map((k) => k.platform))}::text[],
                     ${params.add(keys.map((k) => k.externalId))}::text[]) AS k(organization_id, platform, external_id)
         JOIN mentions m ON m.organization_id = k.organization_id AND m.platform = k.platform AND m.external_id = k.external_id
        WHERE ${tenantPredicate(viewer, 'm.organization_id', params)}`,
      params.values,
    );
    const mentions = hydrate(Mention, rows);
    const byKey = new Map(mentions.map((m) => [`${m.organizationId}|${m.platform}|${m.externalId}`, m]));
    return keys.map((k) => byKey.get(`${k.organizationId}|${k.platform}|${k.externalId}`) ?? null);
  }

  private conditions(filter: MentionFilterFields, params: Params): string[] {
    const where: string[] = [];
    if (filter.organizationId) where.push(`m.organization_id = ${params.add(requireId(filter.organizationId, 'filter.organizationId'))}`);
    if (filter.incidentId) where.push(`m.incident_id = ${params.add(requireId(filter.incidentId, 'filter.incidentId'))}`);
    if (filter.platforms) {
      if (filter.platforms.length === 0) throw new BadInputError('filter.platforms', 'give at least one platform, or leave it out for all.');
      where.push(`m.platform = ANY(${params.add(filter.platforms)}::text[])`);
    }
    if (filter.sentiment) where.push(`m.sentiment_label = ${params.add(filter.sentiment)}`);
    if (filter.language) {
      const language = primaryLanguage(filter.language);
      if (!language) throw new BadInputError('filter.language', `"${filter.language}" is not a language code such as "en" or "id".`);
      where.push(`m.language = ${params.add(language)}`);
    }
    if (filter.authorHandle) {
      const handle = normalizeHandle(filter.authorHandle, 'filter.authorHandle').toLowerCase();
      where.push(`m.author_id IN (SELECT id FROM influencers WHERE handle_key = ${params.add(handle)})`);
    }
    requireValidDate(filter.from, 'filter.from');
    requireValidDate(filter.to, 'filter.to');
    requireRange(filter.from, filter.to, 'filter');
    if (filter.from) where.push(`m.posted_at >= ${params.add(filter.from)}`);
    if (filter.to) where.push(`m.posted_at < ${params.add(filter.to)}`);
    if (filter.minReach !== null && filter.minReach !== undefined) {
      if (filter.minReach < 0) throw new BadInputError('filter.minReach', 'must be 0 or more.');
      where.push(`m.reach >= ${params.add(filter.minReach)}`);
    }
    if (filter.search !== null && filter.search !== undefined) {
      const term = filter.search.trim();
      if (term.length === 0 || term.length > 200) throw new BadInputError('filter.search', 'must have 1–200 characters.');
      where.push(`m.text ILIKE ${params.add(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    }
    if (filter.owned !== null && filter.owned !== undefined) where.push(`m.owned = ${params.add(filter.owned)}`);
    return where;
  }
}
