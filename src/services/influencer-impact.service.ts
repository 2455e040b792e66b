import type { DataSource } from 'typeorm';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import type { Viewer } from '../auth/viewer';
import { tenantPredicate } from '../auth/tenant-scope';
import { Params } from '../db/sql';
import { ApiScope, type InfluencerOrder, type Platform } from '../entities/enums';
import { BadInputError, NotFoundError, QueryTooComplexError } from '../errors/app-errors';
import { summarizeCascade, type AuthorImpact, type CascadeMember } from '../analytics/cascade';
import { assertNever } from '../errors/error-code';
import type { IncidentsService } from './incidents.service';
import type { OrganizationsService } from './organizations.service';
import { requireTimeRange } from './analytics/scope';
import { requireId } from './validation';

/** What an author's mentions in a set of mentions add up to. */
export type ImpactRow = AuthorImpact;

export interface CascadeData {
  rootId: string;
  size: number;
  depth: number;
  amplifiers: ImpactRow[];
}

export interface RankingRequest {
  organizationId: string;
  range?: { from: Date; to: Date } | null;
  incidentId?: string | null;
  platform?: Platform | null;
  orderBy: InfluencerOrder;
  first: number;
}

const MAX_RANKED = 500;
/** Most mentions a cascade is walked for (the cost limit of the API). */
const MAX_CASCADE = 10_000;

/** Per-author aggregates over a CTE `chosen` of mention rows; `total_reach` over all of them. */
function impactSelect(orderBy: string, limit: string, joinInfluencers = false): string {
  return `SELECT c.author_id AS "influencerId", count(*)::int AS mentions, sum(c.reach)::float8 AS reach,
                 sum(c.engagement)::float8 AS engagement, avg(c.sentiment)::float8 AS "averageSentiment",
                 COALESCE(sum(c.reach) FILTER (WHERE c.sentiment_label = 'POSITIVE'), 0)::float8 AS "positiveReach",
                 COALESCE(sum(c.reach) FILTER (WHERE c.sentiment_label = 'NEGATIVE'), 0)::float8 AS "negativeReach",
                 sum(c.reach)::float8 / NULLIF((SELECT sum(reach) FROM chosen), 0)::float8 AS "shareOfReach"
            FROM chosen c
            ${joinInfluencers ? 'JOIN influencers i ON i.id = c.author_id' : ''}
           GROUP BY c.author_id${joinInfluencers ? ', i.followers, i.verified' : ''}
           ORDER BY ${orderBy} DESC, count(*) DESC, c.author_id
           LIMIT ${limit}`;
}

function orderExpression(order: InfluencerOrder): string {
  switch (order) {
    case 'REACH':
      return 'sum(c.reach)';
    case 'ENGAGEMENT':
      return 'sum(c.engagement)';
    case 'MENTIONS':
      return 'count(*)';
    case 'NEGATIVE_REACH':
      return "COALESCE(sum(c.reach) FILTER (WHERE c.sentiment_label = 'NEGATIVE'), 0)";
    case 'POSITIVE_REACH':
      return "COALESCE(sum(c.reach) FILTER (WHERE c.sentiment_label = 'POSITIVE'), 0)";
    case 'INFLUENCE':
      return 'influence';
    default:
      return assertNever(order);
  }
}

export class InfluencerImpactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly incidents: IncidentsService,
    limits: SizeLimits = CONTRACT_LIMITS,
  ) {
    this.maxRanked = Math.min(MAX_RANKED, limits.maxPageSize);
  }

  private readonly maxRanked: number;

  /** Authors ranked over an organization's audience mentions (owned posts excluded), ties by id. */
  async rank(viewer: Viewer, request: RankingRequest): Promise<ImpactRow[]> {
    const organizationId = requireId(request.organizationId, 'organizationId');
    viewer.requireOrganization(organizationId, ApiScope.READ);
    if (!Number.isInteger(request.first) || request.first < 1 || request.first > this.maxRanked) {
      throw new BadInputError('first', `must be between 1 and ${this.maxRanked} (got ${request.first}).`);
    }
    const [organization] = await this.organizations.byIds(viewer, [organizationId]);
    if (!organization) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    const params = new Params();
    const conditions = [`m.organization_id = ${params.add(organizationId)}::uuid`, 'NOT m.owned'];
    if (request.range) {
      requireTimeRange(request.range);
      conditions.push(`m.posted_at >= ${params.add(request.range.from.toISOString())}::timestamptz`);
      conditions.push(`m.posted_at < ${params.add(request.range.to.toISOString())}::timestamptz`);
    }
    if (request.incidentId != null) {
      const incidentId = requireId(request.incidentId, 'incidentId');
      const [incident] = await this.incidents.byIds(viewer, [incidentId]);
      if (!incident || incident.organizationId !== organizationId) {
        throw new NotFoundError(`Incident ${incidentId} does not exist in organization ${organizationId}.`);
      }
      conditions.push(`m.incident_id = ${params.add(incidentId)}::uuid`);
    }
    if (request.platform) conditions.push(`m.platform = ${params.add(request.platform)}`);
    const order = orderExpression(request.orderBy);
    const influence = '(80 * least(1, log(1 + i.followers::float8) / 8) + CASE WHEN i.verified THEN 20 ELSE 0 END)';
    const rows: ImpactRow[] = await this.dataSource.query(
      `WITH chosen AS (
         SELECT m.author_id, m.reach, m.engagement, m.sentiment, m.sentiment_label FROM mentions m WHERE ${conditions.join(' AND ')}
       )
       ${impactSelect(order === 'influence' ? influence : order, params.add(request.first), order === 'influence')}`,
      params.values,
    );
    return rows;
  }

  /**
   * The reshare/reply cascade below a mention: every mention of the same organization and platform that
   * reshares or replies to a member, to any depth. The recursive statement collects distinct members (a
   * mention reached twice is one row, so the work is linear in the cascade); depth and amplifiers are
   * worked out by the analytics core.
   */
  async cascade(viewer: Viewer, mentionIdInput: string, first: number): Promise<CascadeData | null> {
    viewer.requireScope(ApiScope.READ);
    const mentionId = requireId(mentionIdInput, 'mentionId');
    if (!Number.isInteger(first) || first < 1 || first > this.maxRanked) throw new BadInputError('first', `must be between 1 and ${this.maxRanked} (got ${first}).`);
    const params = new Params();
    const columns = `m.id, m.organization_id, m.platform, m.external_id, m.shared_from_external_id, m.in_reply_to_external_id,
                     m.author_id, m.owned, m.reach, m.engagement, m.sentiment, m.sentiment_label`;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT ${columns} FROM mentions m
          WHERE m.id = ${params.add(mentionId)}::uuid AND ${tenantPredicate(viewer, 'm.organization_id', params)}
         UNION
         SELECT ${columns.replaceAll('m.', 'child.')}
           FROM tree
           JOIN mentions child ON child.organization_id = tree.organization_id AND child.platform = tree.platform
                AND (child.shared_from_external_id = tree.external_id OR child.in_reply_to_external_id = tree.external_id)
       )
       SELECT * FROM tree LIMIT ${params.add(MAX_CASCADE + 1)}`,
      params.values,
    );
    if (rows.length === 0) return null;
    if (rows.length > MAX_CASCADE) {
      throw new QueryTooComplexError(`This cascade has more than ${MAX_CASCADE} mentions; ask spread for a mention further down it.`);
    }
    const members: CascadeMember[] = rows.map((row) => ({
      id: row.id as string,
      externalId: row.external_id as string,
      sharedFrom: row.shared_from_external_id as string | null,
      inReplyTo: row.in_reply_to_external_id as string | null,
      authorId: row.author_id as string,
      owned: row.owned as boolean,
      reach: row.reach as number,
      engagement: row.engagement as number,
      sentiment: row.sentiment as number,
      sentimentLabel: row.sentiment_label as string,
    }));
    return { rootId: mentionId, ...summarizeCascade(members, mentionId, first) };
  }
}
