import type { DataSource } from 'typeorm';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import type { Viewer } from '../auth/viewer';
import { Params, hydrate, selectColumns } from '../db/sql';
import { Alert } from '../entities/alert.entity';
import { ApiScope } from '../entities/enums';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import type { OrganizationsService } from './organizations.service';
import { pageSize, toPage, type Page, type PageRequest } from './pagination';
import { requireId } from './validation';

const CURSOR_PREFIX = 'alert:';

/** An alert's cursor: its position in the order alerts were raised, opaque to clients. */
export function alertCursor(alert: Pick<Alert, 'sequence'>): string {
  return Buffer.from(`${CURSOR_PREFIX}${alert.sequence}`).toString('base64url');
}

export function decodeAlertCursor(cursor: string | null | undefined, field: string): string | null {
  if (cursor == null) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const sequence = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{1,18}$/.test(sequence)) throw new BadInputError(field, 'is not an alert cursor; pass the `cursor` of an Alert or an endCursor of alerts.');
  return sequence;
}

export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly limits: SizeLimits = CONTRACT_LIMITS,
  ) {}

  /** Alerts in the order they were raised (or newest first), after a cursor. */
  async list(viewer: Viewer, organizationIdInput: string, request: PageRequest, latestFirst: boolean, withTotal: boolean): Promise<Page<Alert>> {
    const organizationId = requireId(organizationIdInput, 'organizationId');
    viewer.requireOrganization(organizationId, ApiScope.READ);
    const [organization] = await this.organizations.byIds(viewer, [organizationId]);
    if (!organization) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    const limit = pageSize(request.first, 'first', this.limits.maxPageSize);
    const after = decodeAlertCursor(request.after, 'after');
    const params = new Params();
    const org = params.add(organizationId);
    const position = after === null ? '' : `AND a.sequence ${latestFirst ? '<' : '>'} ${params.add(after)}::bigint`;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Alert, 'a')}${withTotal ? `, (SELECT count(*)::int FROM alerts c WHERE c.organization_id = ${org}) AS "totalCount"` : ''}
         FROM alerts a WHERE a.organization_id = ${org} ${position}
        ORDER BY a.sequence ${latestFirst ? 'DESC' : 'ASC'} LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    const totalCount = withTotal ? ((rows[0]?.totalCount as number | undefined) ?? (await this.count(organizationId))) : undefined;
    return toPage(hydrate(Alert, rows), limit, alertCursor, totalCount);
  }

  /** Alerts raised after a cursor, oldest first (what a live dashboard missed). */
  async since(organizationId: string, sequence: string | null, limit: number): Promise<Alert[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Alert, 'a')} FROM alerts a
        WHERE a.organization_id = $1 AND a.sequence > $2::bigint ORDER BY a.sequence LIMIT $3`,
      [organizationId, sequence ?? '0', limit],
    );
    return hydrate(Alert, rows);
  }

  private async count(organizationId: string): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS count FROM alerts WHERE organization_id = $1', [organizationId])) as Array<{ count: number }>;
    return row?.count ?? 0;
  }
}
