import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { tenantPredicate } from '../auth/tenant-scope';
import { Params } from '../db/sql';
import { ApiScope, type InfluencerOrder, type Platform } from '../entities/enums';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { assertNever } from '../errors/error-code';
import type { IncidentsService } from './incidents.service';
import type { OrganizationsService } from './organizations.service';
import { requireId, requireRange, requireValidDate } from './validation';

/** What an author's mentions in a set of mentions add up to. */
export interface ImpactRow {
  influencerId: string;
  mentions: number;
  reach: number;
  engagement: number;
  averageSentiment: number;
  positiveReach: number;
  negativeReach: number;
  shareOfReach: number | null;
}

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
  ) {}

  /** Authors ranked over an organization's audience mentions (owned posts excluded), ties by id. */
  async rank(viewer: Viewer, request: RankingRequest): Promise<ImpactRow[]> {
    const organizationId = requireId(request.organizationId, 'organizationId');
    viewer.requireOrganization(organizationId, ApiScope.READ);
    if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_RANKED) {
      throw new BadInputError('first', `must be between 1 and ${MAX_RANKED} (got ${request.first}).`);
    }
    const [organization] = await this.organizations.byIds(viewer, [organizationId]);
    if (!organization) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    const params = new Params();
    const conditions = [`m.organization_id = ${params.add(organizationId)}::uuid`, 'NOT m.owned'];
    if (request.range) {
      requireValidDate(request.range.from, 'range.from');
      requireValidDate(request.range.to, 'range.to');
      requireRange(request.range.from, request.range.to, 'range');
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
   * reshares or replies to a member, to any depth (cycles cut). Amplifiers are the authors of the audience
   * mentions below the root, by reach.
   */
  async cascade(viewer: Viewer, mentionIdInput: string, first: number): Promise<CascadeData | null> {
    viewer.requireScope(ApiScope.READ);
    const mentionId = requireId(mentionIdInput, 'mentionId');
    if (!Number.isInteger(first) || first < 1 || first > MAX_RANKED) throw new BadInputError('first', `must be between 1 and ${MAX_RANKED} (got ${first}).`);
    const params = new Params();
    const root = `SELECT m.id, m.organization_id, m.platform, m.external_id, 0 AS depth, ARRAY[m.id] AS path
                    FROM mentions m WHERE m.id = ${params.add(mentionId)}::uuid AND ${tenantPredicate(viewer, 'm.organization_id', params)}`;
    const rows: Array<{ size: number; depth: number; found: boolean; amplifiers: ImpactRow[] | null }> = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         ${root}
         UNION ALL
         SELECT child.id, child.organization_id, child.platform, child.external_id, tree.depth + 1, tree.path || child.id
           FROM tree
           JOIN mentions child ON child.organization_id = tree.organization_id AND child.platform = tree.platform
                AND (child.shared_from_external_id = tree.external_id OR child.in_reply_to_external_id = tree.external_id)
          WHERE NOT child.id = ANY(tree.path)
       ),
       members AS (SELECT id, min(depth) AS depth FROM tree GROUP BY id),
       chosen AS (
         SELECT m.author_id, m.reach, m.engagement, m.sentiment, m.sentiment_label
           FROM members JOIN mentions m ON m.id = members.id
          WHERE members.depth > 0 AND NOT m.owned
       )
       SELECT (SELECT count(*)::int FROM members) AS size, (SELECT COALESCE(max(depth), 0)::int FROM members) AS depth,
              EXISTS (SELECT 1 FROM members) AS found,
              (SELECT json_agg(ranked) FROM (${impactSelect('sum(c.reach)', params.add(first))}) ranked) AS amplifiers`,
      params.values,
    );
    const [row] = rows;
    if (!row?.found) return null;
    return { rootId: mentionId, size: row.size, depth: row.depth, amplifiers: row.amplifiers ?? [] };
  }
}
