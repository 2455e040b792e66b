import type { Viewer } from '../../auth/viewer';
import { ApiScope, type Platform } from '../../entities/enums';
import type { Incident } from '../../entities/incident.entity';
import type { Organization } from '../../entities/organization.entity';
import { BadInputError, NotFoundError } from '../../errors/app-errors';
import type { IncidentsService } from '../incidents.service';
import type { OrganizationsService } from '../organizations.service';
import { primaryLanguage, requireId, requireRange, requireValidDate } from '../validation';
import type { AnalyticsScope } from './segment-totals';

export interface ScopeFields {
  organizationId: string;
  incidentId?: string | null;
  platforms?: Platform[] | null;
  languages?: string[] | null;
}

export interface RangeFields {
  from: Date;
  to: Date;
}

export interface ResolvedScope {
  scope: AnalyticsScope;
  organization: Organization;
  incident: Incident | null;
}

/** The lookups scope validation needs. */
export interface ScopeLookups {
  organizations: OrganizationsService;
  incidents: IncidentsService;
}

/** Checks access (READ on the organization) and turns a ScopeInput into what the queries need. */
export async function resolveScope(viewer: Viewer, lookups: ScopeLookups, input: ScopeFields, field = 'scope'): Promise<ResolvedScope> {
  const organizationId = requireId(input.organizationId, `${field}.organizationId`);
  viewer.requireOrganization(organizationId, ApiScope.READ);
  const [organization] = await lookups.organizations.byIds(viewer, [organizationId]);
  if (!organization) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
  let incident: Incident | null = null;
  if (input.incidentId != null) {
    const incidentId = requireId(input.incidentId, `${field}.incidentId`);
    [incident] = (await lookups.incidents.byIds(viewer, [incidentId])) as [Incident | null];
    if (!incident || incident.organizationId !== organizationId) {
      throw new NotFoundError(`Incident ${incidentId} does not exist in organization ${organizationId}.`);
    }
  }
  return {
    organization,
    incident,
    scope: {
      organizationId,
      incidentId: incident?.id ?? null,
      platforms: nonEmpty(input.platforms, `${field}.platforms`),
      languages: languages(input.languages, `${field}.languages`),
      dayZone: organization.timezone,
    },
  };
}

/** The instants analytics ranges may span (mentions start in 1990; calendars are well defined here). */
export const EARLIEST_ANALYTICS_INSTANT = Date.parse('1900-01-01T00:00:00Z');
export const LATEST_ANALYTICS_INSTANT = Date.parse('2200-01-01T00:00:00Z');

export function requireTimeRange(range: RangeFields, field = 'range'): { from: number; to: number } {
  requireValidDate(range.from, `${field}.from`);
  requireValidDate(range.to, `${field}.to`);
  requireRange(range.from, range.to, field);
  for (const [name, value] of [['from', range.from], ['to', range.to]] as const) {
    if (value.getTime() < EARLIEST_ANALYTICS_INSTANT || value.getTime() > LATEST_ANALYTICS_INSTANT) {
      throw new BadInputError(`${field}.${name}`, `must be between 1900-01-01 and 2200-01-01 (got ${value.toISOString()}).`);
    }
  }
  return { from: range.from.getTime(), to: range.to.getTime() };
}

function nonEmpty<T>(values: T[] | null | undefined, field: string): T[] | null {
  if (values == null) return null;
  if (values.length === 0) throw new BadInputError(field, 'an empty list matches nothing; omit it to include all.');
  return [...new Set(values)];
}

function languages(values: string[] | null | undefined, field: string): string[] | null {
  const list = nonEmpty(values, field);
  if (!list) return null;
  return list.map((value, index) => {
    if (value.trim().toLowerCase() === 'und') return '';
    const language = primaryLanguage(value);
    if (!language) throw new BadInputError(`${field}[${index}]`, `"${value.slice(0, 40)}" is not a language tag (e.g. "en", "id", or "und" for undetermined).`);
    return language;
  });
}
