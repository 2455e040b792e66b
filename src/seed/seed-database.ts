import type { TextScorer } from '../ingest/text-scoring';
import type { DataSource } from 'typeorm';
import { Viewer } from '../auth/viewer';
import { IncidentStatus } from '../entities/enums';
import { MAX_MENTIONS_PER_CALL, type IngestError } from '../ingest/ingest-mentions';
import { createServices, type Services } from '../services';
import { loadCorpus, type Corpus } from './corpus';
import { createAuthorPools, generateMentions, type GeneratedMention } from './generate';
import { planSeed, type IncidentPlan, type OrganizationPlan, type SeedOptions, type SeedPlan } from './plan';

export interface SeedRunOptions extends SeedOptions {
  /** Folder with the real-text data sets (../shared/data); null or missing files: built-in templates. */
  corpusDirectory: string | null;
  /** Mentions per ingestion call (at most 5,000). */
  batchSize?: number;
  /**
   * Organizations ingested at the same time (each organization's batches stay in order); default 1.
   */
  concurrency?: number;
  /** Where ingested texts are scored (default: the calling thread). */
  scorer?: TextScorer;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  total: number;
  done: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface SeededIncident {
  id: string;
  title: string;
  startedAt: Date;
  resolvedAt: Date | null;
  firstResponseAt: Date | null;
  status: IncidentStatus;
  created: boolean;
}

export interface SeededOrganization {
  id: string;
  slug: string;
  name: string;
  created: boolean;
  competitorSlugs: string[];
  incidents: SeededIncident[];
  mentions: number;
}

export interface SeedSummary {
  plan: SeedPlan;
  corpus: { source: Corpus['source']; note: string | null };
  organizations: SeededOrganization[];
  progress: SeedProgress;
  /** The first few rejected items with their reasons (there should be none). */
  errors: Array<IngestError & { organization: string }>;
}

/**
 * Writes a generated data set through the same services a client uses: organizations (looked up by slug
 * before creating), incidents through IncidentsService (looked up by title and start), and mentions
 * through MentionIngestor in batches. Every identity is derived from the options, so a second run with
 * the same options finds everything in place and changes nothing.
 */
export async function seedDatabase(dataSource: DataSource, options: SeedRunOptions): Promise<SeedSummary> {
  const batchSize = Math.min(options.batchSize ?? MAX_MENTIONS_PER_CALL, MAX_MENTIONS_PER_CALL);
  const plan = planSeed(options);
  const corpus = loadCorpus(options.corpusDirectory);
  const services = createServices(dataSource, { scorer: options.scorer });
  const admin = Viewer.admin();

  const organizations: SeededOrganization[] = [];
  for (const organization of plan.organizations) organizations.push(await ensureOrganization(services, admin, organization));
  for (const organization of plan.organizations) {
    const seeded = organizations[organization.index]!;
    const competitorIds = organization.competitors.map((index) => organizations[index]!.id);
    seeded.competitorSlugs = organization.competitors.map((index) => organizations[index]!.slug);
    const current: Array<{ competitor_ids: string[] }> = await dataSource.query('SELECT competitor_ids FROM organizations WHERE id = $1', [seeded.id]);
    if (JSON.stringify([...(current[0]?.competitor_ids ?? [])].sort()) !== JSON.stringify([...competitorIds].sort())) {
      await services.organizations.update(admin, seeded.id, { competitorIds });
    }
    seeded.incidents = await ensureIncidents(dataSource, services, admin, seeded.id, organization.incidents, plan.end);
  }

  const progress: SeedProgress = { total: plan.options.mentions, done: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: SeedSummary['errors'] = [];
  const authorPools = createAuthorPools(plan);
  const stop = new AbortController();
  const ingestOrganization = async (organization: OrganizationPlan) => {
    const seeded = organizations[organization.index]!;
    const incidentIds = seeded.incidents.map((incident) => incident.id);
    let batch: GeneratedMention[] = [];
    const flush = async () => {
      const outcome = await services.mentionIngestor.ingest(admin, seeded.id, batch, plan.end);
      progress.done += batch.length;
      progress.inserted += outcome.inserted;
      progress.updated += outcome.updated;
      progress.unchanged += outcome.unchanged;
      progress.rejected += outcome.rejected;
      for (const error of outcome.errors.slice(0, Math.max(0, 20 - errors.length))) errors.push({ ...error, organization: seeded.slug });
      batch = [];
      options.onProgress?.({ ...progress });
    };
    for (const mention of generateMentions(plan, organization, corpus, incidentIds, authorPools)) {
      if (stop.signal.aborted) return;
      batch.push(mention);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    seeded.mentions = organization.total;
  };
  await runWithConcurrency(plan.organizations, Math.max(1, options.concurrency ?? 1), stop, ingestOrganization);

  // ingestion derived firstResponseAt from the owned replies
  for (const seeded of organizations) {
    const rows: Array<{ id: string; first_response_at: Date | null }> = await dataSource.query(
      'SELECT id, first_response_at FROM incidents WHERE organization_id = $1 AND id = ANY($2::uuid[])',
      [seeded.id, seeded.incidents.map((incident) => incident.id)],
    );
    for (const incident of seeded.incidents) incident.firstResponseAt = rows.find((row) => row.id === incident.id)?.first_response_at ?? null;
  }
  return { plan, corpus: { source: corpus.source, note: corpus.note }, organizations, progress, errors };
}

async function ensureOrganization(services: Services, admin: Viewer, organization: OrganizationPlan): Promise<SeededOrganization> {
  const profile = organization.profile;
  const wanted = {
    name: profile.name,
    timezone: profile.timezone,
    handles: profile.handles.map(({ platform, handle }) => ({ platform, handle })),
    keywords: profile.keywords,
  };
  const existing = await services.organizations.bySlug(admin, organization.slug);
  if (!existing) {
    const created = await services.organizations.create(admin, { ...wanted, slug: organization.slug });
    return { id: created.id, slug: created.slug, name: created.name, created: true, competitorSlugs: [], incidents: [], mentions: 0 };
  }
  const same =
    existing.name === wanted.name &&
    existing.timezone === wanted.timezone &&
    // jsonb keeps its own key order, so handles are compared as platform:handle pairs
    JSON.stringify(existing.handles.map((h) => `${h.platform}:${h.handle}`)) === JSON.stringify(wanted.handles.map((h) => `${h.platform}:${h.handle}`)) &&
    JSON.stringify(existing.keywords) === JSON.stringify(wanted.keywords);
  // owned posts are recognised by the handles, so an organization found by slug is brought to the profile
  if (!same) await services.organizations.update(admin, existing.id, wanted);
  return { id: existing.id, slug: existing.slug, name: wanted.name, created: false, competitorSlugs: [], incidents: [], mentions: 0 };
}

async function ensureIncidents(
  dataSource: DataSource,
  services: Services,
  admin: Viewer,
  organizationId: string,
  plans: IncidentPlan[],
  now: Date,
): Promise<SeededIncident[]> {
  const rows: Array<{ id: string; title: string; started_at: Date; status: IncidentStatus; resolved_at: Date | null }> = await dataSource.query(
    'SELECT id, title, started_at, status, resolved_at FROM incidents WHERE organization_id = $1 ORDER BY started_at, id',
    [organizationId],
  );
  const seeded: SeededIncident[] = [];
  for (const plan of plans) {
    const scenario = plan.scenario;
    const found = rows.find((row) => row.title === scenario.title && row.started_at.getTime() === plan.startedAt.getTime());
    let incident: SeededIncident;
    if (found) {
      incident = { id: found.id, title: found.title, startedAt: found.started_at, resolvedAt: found.resolved_at, firstResponseAt: null, status: found.status, created: false };
    } else {
      const created = await services.incidents.create(admin, {
        organizationId,
        title: scenario.title,
        description: scenario.description,
        severity: scenario.severity,
        crisisType: scenario.crisisType,
        startedAt: plan.startedAt,
        detectedAt: plan.detectedAt,
        keywords: scenario.keywords,
      });
      incident = { id: created.id, title: created.title, startedAt: created.startedAt, resolvedAt: created.resolvedAt, firstResponseAt: null, status: created.status, created: true };
    }
    const resolved = incident.status === IncidentStatus.RESOLVED && incident.resolvedAt?.getTime() === plan.resolvedAt?.getTime();
    if (plan.resolvedAt && !resolved) {
      const updated = await services.incidents.update(admin, incident.id, { status: IncidentStatus.RESOLVED, resolvedAt: plan.resolvedAt }, now);
      incident = { ...incident, resolvedAt: updated.resolvedAt, status: updated.status };
    }
    seeded.push(incident);
  }
  return seeded;
}

/** Runs `work` on up to `limit` items at once; after a failure the others stop (they watch `stop`) before it is rethrown. */
async function runWithConcurrency<T>(items: readonly T[], limit: number, stop: AbortController, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !stop.signal.aborted) {
      const item = items[next]!;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        // the others stop at their next batch, so the caller can close the database safely
        stop.abort();
        throw error;
      }
    }
  });
  const results = await Promise.allSettled(workers);
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}
