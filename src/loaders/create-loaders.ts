import DataLoader from 'dataloader';
import type { Viewer } from '../auth/viewer';
import type { Platform } from '../entities/enums';
import type { Incident } from '../entities/incident.entity';
import type { Influencer } from '../entities/influencer.entity';
import type { Mention } from '../entities/mention.entity';
import type { Organization } from '../entities/organization.entity';
import type { Services } from '../services';
import type { IncidentListFilter } from '../services/incidents.service';
import type { MentionFilterFields, MentionOrder, MentionParent } from '../services/mentions.service';
import type { InfluencerStats } from '../services/influencers.service';
import type { Page, PageRequest } from '../services/pagination';
import type { KpiReportData, ReportSelection } from '../services/analytics/kpi.service';

export interface ExternalMentionKey {
  organizationId: string;
  platform: Platform;
  externalId: string;
}

export interface IncidentPageKey {
  organizationId: string;
  filter: IncidentListFilter;
  request: PageRequest;
  withTotal: boolean;
}

export interface MentionPageKey {
  parent: MentionParent;
  parentId: string;
  filter: MentionFilterFields;
  order: MentionOrder;
  request: PageRequest;
  withTotal: boolean;
}

export interface IncidentReportKey {
  incident: Incident;
  selection: ReportSelection;
}

export type Loaders = ReturnType<typeof createLoaders>;

/** A new set per request: caches never outlive a request, and never cross viewers. */
export function createLoaders(viewer: Viewer, services: Services, now: () => Date = () => new Date()) {
  return {
    organization: new DataLoader<string, Organization | null>((ids) => services.organizations.byIds(viewer, ids)),
    incident: new DataLoader<string, Incident | null>((ids) => services.incidents.byIds(viewer, ids)),
    mention: new DataLoader<string, Mention | null>((ids) => services.mentions.byIds(viewer, ids)),
    influencer: new DataLoader<string, Influencer | null>((ids) => services.influencers.byIds(viewer, ids)),
    influencerStats: new DataLoader<string, InfluencerStats>((ids) => services.influencers.statsByIds(viewer, ids)),
    mentionByExternalId: new DataLoader<ExternalMentionKey, Mention | null, string>(
      (keys) => services.mentions.byExternalIds(viewer, keys),
      { cacheKeyFn: (key) => `${key.organizationId}|${key.platform}|${key.externalId}` },
    ),
    // nested connections: parents asking with the same arguments share one statement
    incidentPages: new DataLoader<IncidentPageKey, Page<Incident>, string>(
      (keys) =>
        batchByArguments(keys, (key) => key.organizationId, (group, ids) =>
          services.incidents.listForOrganizations(viewer, ids, group.filter, group.request, group.withTotal),
        ),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
    // every incident of a page asking for the same parts of its report shares one statement per figure
    incidentReport: new DataLoader<IncidentReportKey, KpiReportData, string>(
      async (keys) => {
        const results = new Map<string, KpiReportData>();
        const bySelection = new Map<string, IncidentReportKey[]>();
        for (const key of keys) bySelection.set(JSON.stringify(key.selection), [...(bySelection.get(JSON.stringify(key.selection)) ?? []), key]);
        for (const [selection, group] of bySelection) {
          const reports = await services.kpis.incidentReports(group.map((key) => key.incident), group[0]!.selection, now());
          for (const [id, report] of reports) results.set(`${id}|${selection}`, report);
        }
        return keys.map((key) => results.get(`${key.incident.id}|${JSON.stringify(key.selection)}`) ?? new Error('a report is missing from its batch'));
      },
      { cacheKeyFn: (key) => `${key.incident.id}|${JSON.stringify(key.selection)}` },
    ),
    mentionPages: new DataLoader<MentionPageKey, Page<Mention>, string>(
      (keys) =>
        batchByArguments(keys, (key) => key.parentId, (group, ids) =>
          services.mentions.list(viewer, group.parent, ids, group.filter, group.order, group.request, group.withTotal),
        ),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
  };
}

/** Groups keys that differ only by parent id, runs one fetch per group, and answers in key order. */
async function batchByArguments<K, V>(
  keys: readonly K[],
  parentOf: (key: K) => string,
  fetch: (sample: K, parentIds: string[]) => Promise<Map<string, V>>,
): Promise<Array<V | Error>> {
  const signatureOf = (key: K) => JSON.stringify({ ...(key as object), parentId: null, organizationId: null });
  const groups = new Map<string, K[]>();
  for (const key of keys) groups.set(signatureOf(key), [...(groups.get(signatureOf(key)) ?? []), key]);
  const results = new Map<string, Map<string, V> | Error>();
  await Promise.all(
    [...groups].map(async ([signature, members]) => {
      const parentIds = [...new Set(members.map(parentOf))];
      results.set(signature, await fetch(members[0]!, parentIds).catch((error: unknown) => error as Error));
    }),
  );
  return keys.map((key) => {
    const pages = results.get(signatureOf(key));
    if (pages instanceof Error) return pages;
    return pages?.get(parentOf(key)) ?? new Error('a page is missing from its batch');
  });
}
