import type { DataSource, EntityManager } from 'typeorm';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import { lockOrganizationWrites } from '../ingest/incident-links';
import { relinkMentions } from '../ingest/relink-mentions';
import { withRetriedTransaction } from '../ingest/transaction';
import { tenantPredicate } from '../auth/tenant-scope';
import type { Viewer } from '../auth/viewer';
import { ApiScope, CrisisType, IncidentPhase, IncidentStatus, Severity } from '../entities/enums';
import { Incident } from '../entities/incident.entity';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { fetchKeysetPages, type SortKey } from '../db/keyset';
import { Params, hydrate, selectColumns } from '../db/sql';
import { decodeKeysetCursor, encodeCursor, pageSize, toPage, type Page, type PageRequest } from './pagination';
import { cleanKeywords, requireId, requireText, requireValidDate } from './validation';

export interface IncidentFields {
  title?: string | null;
  description?: string | null;
  severity?: Severity | null;
  crisisType?: CrisisType | null;
  phase?: IncidentPhase | null;
  startedAt?: Date | null;
  detectedAt?: Date | null;
  keywords?: string[] | null;
}

export interface IncidentUpdate extends IncidentFields {
  status?: IncidentStatus | null;
  resolvedAt?: Date | null;
  firstResponseAt?: Date | null;
}

export interface IncidentListFilter {
  status?: IncidentStatus | null;
}

const ORDER = 'startedAt';
const SORT: SortKey = { column: 'i.started_at', type: 'timestamptz', property: 'startedAt', direction: 'DESC' };
const PHASE_ORDER: readonly IncidentPhase[] = [
  IncidentPhase.PREVENTION,
  IncidentPhase.PREPAREDNESS,
  IncidentPhase.RESPONSE,
  IncidentPhase.RECOVERY,
];

export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    /** Told after a commit that re-linked mentions, so live topics of the organization and incident update. */
    private readonly onRelinked: (organizationId: string, incidentIds: string[]) => void = () => undefined,
    private readonly limits: SizeLimits = CONTRACT_LIMITS,
  ) {}

  /** Newest first; one statement for any number of organizations (nested `Organization.incidents`). */
  async listForOrganizations(
    viewer: Viewer,
    organizationIds: readonly string[],
    filter: IncidentListFilter,
    request: PageRequest,
    withTotal: boolean,
  ): Promise<Map<string, Page<Incident>>> {
    viewer.requireScope(ApiScope.READ);
    const limit = pageSize(request.first, 'first', this.limits.maxPageSize);
    const params = new Params();
    const where = [tenantPredicate(viewer, 'i.organization_id', params)];
    if (filter.status) where.push(`i.status = ${params.add(filter.status)}`);
    const pages = await fetchKeysetPages(this.dataSource, {
      table: 'incidents',
      alias: 'i',
      columns: selectColumns(this.dataSource, Incident, 'i'),
      partition: { column: 'organization_id', keys: organizationIds, type: 'uuid' },
      where,
      params,
      sort: SORT,
      after: decodeKeysetCursor(request.after, ORDER, SORT.type),
      limit,
      withTotal,
    });
    const result = new Map<string, Page<Incident>>();
    for (const [organizationId, page] of pages) {
      result.set(
        organizationId,
        toPage(hydrate(Incident, page.rows), limit, (i) => encodeCursor(ORDER, [i.startedAt, i.id]), page.total),
      );
    }
    return result;
  }

  async byIds(viewer: Viewer, ids: readonly string[]): Promise<Array<Incident | null>> {
    const params = new Params();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${selectColumns(this.dataSource, Incident, 'i')} FROM incidents i
        WHERE i.id = ANY(${params.add(ids)}::uuid[]) AND ${tenantPredicate(viewer, 'i.organization_id', params)}`,
      params.values,
    );
    const byId = new Map(hydrate(Incident, rows).map((incident) => [incident.id, incident]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async create(viewer: Viewer, input: IncidentFields & { organizationId: string; title: string; startedAt: Date }): Promise<Incident> {
    const organizationId = requireId(input.organizationId, 'input.organizationId');
    viewer.requireOrganization(organizationId, ApiScope.MANAGE);
    const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId]);
    if (exists.length === 0) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    const candidate = Object.assign(new Incident(), {
      organizationId,
      title: requireText(input.title, 'input.title', 200),
      description: cleanDescription(input.description),
      severity: input.severity ?? Severity.MEDIUM,
      crisisType: input.crisisType ?? CrisisType.UNKNOWN,
      phase: input.phase ?? IncidentPhase.RESPONSE,
      status: IncidentStatus.OPEN,
      startedAt: input.startedAt,
      detectedAt: input.detectedAt ?? null,
      firstResponseAt: null,
      firstResponseManual: false,
      resolvedAt: null,
      keywords: cleanKeywords(input.keywords ?? [], 'input.keywords'),
    });
    checkTimeline(candidate);
    const saved = await withRetriedTransaction(this.dataSource, async (manager) => {
      await lockOrganizationWrites(manager, organizationId);
      const rows: Array<Record<string, unknown>> = await manager.query(
        `INSERT INTO incidents (organization_id, title, description, severity, crisis_type, phase, status, started_at, detected_at, keywords)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[])
         RETURNING ${selectColumns(this.dataSource, Incident, 'incidents')}`,
        [
          candidate.organizationId,
          candidate.title,
          candidate.description,
          candidate.severity,
          candidate.crisisType,
          candidate.phase,
          candidate.status,
          candidate.startedAt,
          candidate.detectedAt,
          candidate.keywords,
        ],
      );
      const created = hydrate(Incident, rows)[0]!;
      await relinkMentions(manager, organizationId, { from: created.startedAt, to: created.resolvedAt }, [created.id]);
      return (await this.reload(manager, created))!;
    });
    // re-linking can move mentions between incidents: every incident topic of the organization may change
    this.onRelinked(saved.organizationId, ['*']);
    return saved;
  }

  /**
   * Lifecycle rules: phases only move forward (PREVENTION → PREPAREDNESS → RESPONSE → RECOVERY); resolving
   * sets resolvedAt (now unless given) and moves the phase to RECOVERY; reopening clears resolvedAt; every
   * timestamp is at or after startedAt.
   */
  async update(viewer: Viewer, id: string, input: IncidentUpdate, now: Date): Promise<Incident> {
    const incidentId = requireId(id, 'id');
    viewer.requireScope(ApiScope.MANAGE);
    const [found] = await this.byIds(viewer, [incidentId]);
    if (!found || !viewer.canSee(found.organizationId)) throw new NotFoundError(`Incident ${incidentId} does not exist.`);

    const saved = await withRetriedTransaction(this.dataSource, async (manager) => {
      // the edit starts from the row as it is under the lock, so concurrent edits never undo each other
      await lockOrganizationWrites(manager, found.organizationId);
      const current = await this.reload(manager, found, true);
      if (!current) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
      const next = applyUpdate(current, input, now);

      const result: [Array<Record<string, unknown>>, number] = await manager.query(
        `UPDATE incidents SET title = $3, description = $4, severity = $5, crisis_type = $6, phase = $7, status = $8,
                started_at = $9, detected_at = $10, first_response_at = $11, first_response_manual = $12,
                resolved_at = $13, keywords = $14::text[], updated_at = now()
          WHERE organization_id = $1 AND id = $2
          RETURNING ${selectColumns(this.dataSource, Incident, 'incidents')}`,
        [
          next.organizationId,
          next.id,
          next.title,
          next.description,
          next.severity,
          next.crisisType,
          next.phase,
          next.status,
          next.startedAt,
          next.detectedAt,
          next.firstResponseAt,
          next.firstResponseManual,
          next.resolvedAt,
          next.keywords,
        ],
      );
      const updated = hydrate(Incident, result[0])[0]!;
      if (linkingChanged(current, updated)) {
        const to = current.resolvedAt && updated.resolvedAt ? new Date(Math.max(current.resolvedAt.getTime(), updated.resolvedAt.getTime())) : null;
        const from = new Date(Math.min(current.startedAt.getTime(), updated.startedAt.getTime()));
        await relinkMentions(manager, updated.organizationId, { from, to }, [updated.id]);
      }
      return (await this.reload(manager, updated))!;
    });
    this.onRelinked(saved.organizationId, ['*']);
    return saved;
  }

  private async reload(manager: EntityManager, incident: Incident, forUpdate = false): Promise<Incident | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${selectColumns(this.dataSource, Incident, 'i')} FROM incidents i WHERE i.organization_id = $1 AND i.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [incident.organizationId, incident.id],
    );
    return hydrate(Incident, rows)[0] ?? null;
  }
}

/** The incident an update would leave, checked against the lifecycle rules; throws naming the field to fix. */
function applyUpdate(current: Incident, input: IncidentUpdate, now: Date): Incident {
  const next = Object.assign(new Incident(), current);
  if (input.title != null) next.title = requireText(input.title, 'input.title', 200);
  if (input.description !== undefined) next.description = cleanDescription(input.description);
  if (input.severity != null) next.severity = input.severity;
  if (input.crisisType != null) next.crisisType = input.crisisType;
  if (input.startedAt != null) next.startedAt = input.startedAt;
  if (input.detectedAt !== undefined) next.detectedAt = input.detectedAt;
  if (input.keywords != null) next.keywords = cleanKeywords(input.keywords, 'input.keywords');
  if (input.firstResponseAt !== undefined) {
    next.firstResponseAt = input.firstResponseAt;
    next.firstResponseManual = input.firstResponseAt !== null;
  }
  if (input.phase != null) {
    if (PHASE_ORDER.indexOf(input.phase) < PHASE_ORDER.indexOf(current.phase)) {
      throw new BadInputError('input.phase', `cannot move back from ${current.phase} to ${input.phase}; phases only move forward.`);
    }
    next.phase = input.phase;
  }
  applyStatus(next, current, input, now);
  checkTimeline(next);
  return next;
}

/** Whether an edit changes which mentions the linking rule gives this incident (or its first response). */
function linkingChanged(before: Incident, after: Incident): boolean {
  return (
    before.startedAt.getTime() !== after.startedAt.getTime() ||
    (before.resolvedAt?.getTime() ?? null) !== (after.resolvedAt?.getTime() ?? null) ||
    before.firstResponseManual !== after.firstResponseManual ||
    JSON.stringify(before.keywords) !== JSON.stringify(after.keywords)
  );
}

function applyStatus(next: Incident, current: Incident, input: IncidentUpdate, now: Date): void {
  const status = input.status ?? current.status;
  if (status === IncidentStatus.RESOLVED) {
    if (input.phase != null && input.phase !== IncidentPhase.RECOVERY) {
      throw new BadInputError('input.phase', `a RESOLVED incident is in phase RECOVERY, not ${input.phase}.`);
    }
    next.status = IncidentStatus.RESOLVED;
    next.phase = IncidentPhase.RECOVERY;
    if (input.resolvedAt !== undefined && input.resolvedAt !== null) next.resolvedAt = input.resolvedAt;
    else if (input.resolvedAt === null) throw new BadInputError('input.resolvedAt', 'a RESOLVED incident needs resolvedAt; omit it to use the current time.');
    else if (!current.resolvedAt) next.resolvedAt = now;
    return;
  }
  if (input.resolvedAt) {
    throw new BadInputError('input.resolvedAt', 'only a RESOLVED incident has resolvedAt; also send status: RESOLVED.');
  }
  next.status = IncidentStatus.OPEN;
  if (current.status === IncidentStatus.RESOLVED) {
    // reopening: the crisis is live again
    next.resolvedAt = null;
    if (input.phase == null) next.phase = IncidentPhase.RESPONSE;
  }
}

function checkTimeline(incident: Incident): void {
  requireValidDate(incident.startedAt, 'input.startedAt');
  const startedAt = incident.startedAt.getTime();
  const after = (value: Date | null, field: string, label: string) => {
    requireValidDate(value, field);
    if (value && value.getTime() < startedAt) {
      throw new BadInputError(field, `${label} (${value.toISOString()}) must be at or after startedAt (${incident.startedAt.toISOString()}).`);
    }
  };
  after(incident.detectedAt, 'input.detectedAt', 'detectedAt');
  after(incident.resolvedAt, 'input.resolvedAt', 'resolvedAt');
  if (incident.firstResponseManual) after(incident.firstResponseAt, 'input.firstResponseAt', 'firstResponseAt');
}

function cleanDescription(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const description = value.trim();
  if (description.length > 10_000) throw new BadInputError('input.description', 'must be at most 10,000 characters.');
  return description.length > 0 ? description : null;
}
