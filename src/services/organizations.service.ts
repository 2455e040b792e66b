import type { DataSource } from 'typeorm';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import { lockOrganizationWrites } from '../ingest/incident-links';
import { rebuildDayRollups } from '../ingest/rebuild-rollups';
import { reapplyOwnership } from '../ingest/relink-mentions';
import { withRetriedTransaction } from '../ingest/transaction';
import { tenantPredicate } from '../auth/tenant-scope';
import type { Viewer } from '../auth/viewer';
import { ApiScope, Platform } from '../entities/enums';
import { Organization, type SocialHandle } from '../entities/organization.entity';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { fetchKeysetPages, type SortKey } from '../db/keyset';
import { Params, hydrate, selectColumns } from '../db/sql';
import { decodeKeysetCursor, encodeCursor, pageSize, toPage, type Page, type PageRequest } from './pagination';
import type { TimezoneCatalog } from './timezones';
import { cleanKeywords, normalizeHandle, requireId, requireIds, requireText } from './validation';

export interface OrganizationFields {
  name?: string | null;
  slug?: string | null;
  timezone?: string | null;
  handles?: Array<{ platform: Platform; handle: string }> | null;
  keywords?: string[] | null;
  competitorIds?: string[] | null;
}

const ORDER = 'name';
const SORT: SortKey = { column: 'o.name', type: 'text', property: 'name', direction: 'ASC' };
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;

export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timezones: TimezoneCatalog,
    private readonly limits: SizeLimits = CONTRACT_LIMITS,
  ) {}

  /** The largest page this server serves (MAX_PAGE_SIZE). */
  get largestPage(): number {
    return this.limits.maxPageSize;
  }

  async list(viewer: Viewer, request: PageRequest, withTotal: boolean): Promise<Page<Organization>> {
    viewer.requireScope(ApiScope.READ);
    const limit = pageSize(request.first, 'first', this.limits.maxPageSize);
    const params = new Params();
    const pages = await fetchKeysetPages(this.dataSource, {
      table: 'organizations',
      alias: 'o',
      columns: selectColumns(this.dataSource, Organization, 'o'),
      partition: null,
      where: [tenantPredicate(viewer, 'o.id', params)],
      params,
      sort: SORT,
      after: decodeKeysetCursor(request.after, ORDER, SORT.type),
      limit,
      withTotal,
    });
    const page = pages.get('')!;
    return toPage(hydrate(Organization, page.rows), limit, (o) => encodeCursor(ORDER, [o.name, o.id]), page.total);
  }

  /** Batch read for the request's loader: same order and length as `ids`, null where absent or not visible. */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<Array<Organization | null>> {
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Organization, 'o')} FROM organizations o
        WHERE o.id = ANY(${params.add(ids)}::uuid[]) AND ${tenantPredicate(viewer, 'o.id', params)}`,
      params.values,
    );
    const byId = new Map(hydrate(Organization, rows).map((organization) => [organization.id, organization]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async bySlug(viewer: Viewer, slug: string): Promise<Organization | null> {
    viewer.requireScope(ApiScope.READ);
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Organization, 'o')} FROM organizations o
        WHERE o.slug = ${params.add(slug.trim().toLowerCase())} AND ${tenantPredicate(viewer, 'o.id', params)}`,
      params.values,
    );
    return hydrate(Organization, rows)[0] ?? null;
  }

  async create(viewer: Viewer, input: OrganizationFields & { name: string }): Promise<Organization> {
    viewer.requireAdmin('create organizations');
    const fields = await this.validate(viewer, input, 'input', null);
    const name = fields.name!;
    const slug = fields.slug ?? (await this.freeSlug(slugify(name)));
    const rows: Array<Record<string, unknown>> = await this.dataSource
      .query(
        `INSERT INTO organizations (name, slug, timezone, handles, keywords, competitor_ids)
         VALUES ($1, $2, $3, $4::jsonb, $5::text[], $6::uuid[])
         RETURNING ${selectColumns(this.dataSource, Organization, 'organizations')}`,
        [name, slug, fields.timezone ?? 'UTC', JSON.stringify(fields.handles ?? []), fields.keywords ?? [], fields.competitorIds ?? []],
      )
      .catch((error: unknown) => rethrowSlugTaken(error, slug));
    return hydrate(Organization, rows)[0]!;
  }

  async update(viewer: Viewer, id: string, input: OrganizationFields): Promise<Organization> {
    const organizationId = requireId(id, 'id');
    viewer.requireOrganization(organizationId, ApiScope.MANAGE);
    const fields = await this.validate(viewer, input, 'input', organizationId);
    const sets: string[] = [];
    const params = new Params();
    if (fields.name !== undefined) sets.push(`name = ${params.add(fields.name)}`);
    if (fields.slug !== undefined) sets.push(`slug = ${params.add(fields.slug)}`);
    if (fields.timezone !== undefined) sets.push(`timezone = ${params.add(fields.timezone)}`);
    if (fields.handles !== undefined) sets.push(`handles = ${params.add(JSON.stringify(fields.handles))}::jsonb`);
    if (fields.keywords !== undefined) sets.push(`keywords = ${params.add(fields.keywords)}::text[]`);
    if (fields.competitorIds !== undefined) sets.push(`competitor_ids = ${params.add(fields.competitorIds)}::uuid[]`);
    sets.push('updated_at = now()');
    return withRetriedTransaction(this.dataSource, async (manager) => {
      // handles decide which posts are owned: changing them moves posts in or out of the audience figures
      await lockOrganizationWrites(manager, organizationId);
      const before: Array<{ handles: SocialHandle[]; timezone: string }> = await manager.query('SELECT handles, timezone FROM organizations WHERE id = $1 FOR UPDATE', [
        organizationId,
      ]);
      if (!before[0]) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
      const result: [Array<Record<string, unknown>>, number] = await manager
        .query(
          `UPDATE organizations SET ${sets.join(', ')} WHERE id = ${params.add(organizationId)}
           RETURNING ${selectColumns(this.dataSource, Organization, 'organizations')}`,
          params.values,
        )
        .catch((error: unknown) => rethrowSlugTaken(error, fields.slug ?? ''));
      const updated = hydrate(Organization, result[0])[0]!;
      if (fields.handles !== undefined) await reapplyOwnership(manager, organizationId, before[0].handles, updated.handles);
      // the day tier holds local dates of the zone
      if (updated.timezone !== before[0].timezone) await rebuildDayRollups(manager, organizationId);
      return updated;
    });
  }

  /** Checks and normalises what was given; absent fields stay undefined (left unchanged on update). */
  private async validate(viewer: Viewer, input: OrganizationFields, prefix: string, selfId: string | null): Promise<{
    name?: string;
    slug?: string;
    timezone?: string;
    handles?: SocialHandle[];
    keywords?: string[];
    competitorIds?: string[];
  }> {
    const out: Awaited<ReturnType<OrganizationsService['validate']>> = {};
    if (input.name !== undefined && input.name !== null) out.name = requireText(input.name, `${prefix}.name`, 200);
    if (input.slug !== undefined && input.slug !== null) {
      const slug = input.slug.trim().toLowerCase();
      if (!SLUG.test(slug)) {
        throw new BadInputError(`${prefix}.slug`, `"${input.slug}" is not a slug: 1–100 lower-case letters, digits and inner dashes.`);
      }
      out.slug = slug;
    }
    if (input.timezone !== undefined && input.timezone !== null) out.timezone = await this.timezones.require(input.timezone, `${prefix}.timezone`);
    if (input.handles !== undefined && input.handles !== null) {
      const seen = new Set<string>();
      out.handles = [];
      input.handles.forEach((entry, index) => {
        const handle = normalizeHandle(entry.handle, `${prefix}.handles[${index}].handle`);
        const key = `${entry.platform}:${handle.toLowerCase()}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.handles!.push({ platform: entry.platform, handle });
        }
      });
      if (out.handles.length > 100) throw new BadInputError(`${prefix}.handles`, 'at most 100 handles.');
    }
    if (input.keywords !== undefined && input.keywords !== null) out.keywords = cleanKeywords(input.keywords, `${prefix}.keywords`);
    if (input.competitorIds !== undefined && input.competitorIds !== null) {
      const ids = [...new Set(requireIds(input.competitorIds, `${prefix}.competitorIds`))];
      if (selfId && ids.includes(selfId)) throw new BadInputError(`${prefix}.competitorIds`, 'an organization cannot be its own competitor.');
      if (ids.length > 50) throw new BadInputError(`${prefix}.competitorIds`, 'at most 50 competitors.');
      const found: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [ids]);
      // an organization this key may not see is reported exactly like one that does not exist, so that
      // competitorIds cannot be used to probe which ids other tenants have
      const missing = ids.filter((id) => !viewer.canSee(id) || !found.some((row) => row.id === id));
      if (missing.length > 0) throw new BadInputError(`${prefix}.competitorIds`, `no organization has id ${missing.join(', ')}.`);
      out.competitorIds = ids;
    }
    return out;
  }

  private async freeSlug(base: string): Promise<string> {
    const taken: Array<{ slug: string }> = await this.dataSource.query(
      `SELECT slug FROM organizations WHERE slug = $1 OR slug LIKE $2`,
      [base, `${base}-%`],
    );
    const used = new Set(taken.map((row) => row.slug));
    if (!used.has(base)) return base;
    for (let suffix = 2; ; suffix += 1) {
      const candidate = `${base.slice(0, 90)}-${suffix}`;
      if (!used.has(candidate)) return candidate;
    }
  }
}

/** Lower-case ASCII words joined by dashes: "Café Nero Ltd." → "cafe-nero-ltd". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'organization';
}

function rethrowSlugTaken(error: unknown, slug: string): never {
  if (isUniqueViolation(error, 'uq_organizations_slug')) {
    throw new BadInputError('input.slug', `"${slug}" is already taken by another organization; choose another slug.`);
  }
  throw error;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
