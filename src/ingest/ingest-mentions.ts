import type { DataSource, EntityManager } from 'typeorm';
import { labelForSentiment } from '../analytics/sentiment-label';
import type { Viewer } from '../auth/viewer';
import { ApiScope, SentimentSource, type Platform } from '../entities/enums';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { requireId } from '../services/validation';
import { autoIncidentSql, lockOrganizationWrites, refreshFirstResponses } from './incident-links';
import { rollupDeltaCtes } from './rollup-sql';
import { withRetriedTransaction } from './transaction';
import { isItemError, validateMention, type MentionFields, type ValidMention } from './validate-mention';
import type { Logger } from 'pino';
import type { Alert } from '../entities/alert.entity';
import { AlertRaiser } from './raise-alerts';
import { inlineScorer, type TextScorer } from './text-scoring';
import type { ScoringResult } from './score-texts';

export const MAX_MENTIONS_PER_CALL = 5000;

export interface IngestError {
  index: number;
  externalId: string | null;
  field: string;
  message: string;
}

export interface IngestOutcome {
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  errors: IngestError[];
}

/** How a batch's items fared: the counts the caller gets back. */
export type IngestCounts = Pick<IngestOutcome, 'inserted' | 'updated' | 'unchanged' | 'duplicates' | 'rejected'>;

/**
 * What changed, for whoever reacts to ingestion after it commits (live subscriptions, alerts, metrics).
 * Every committed call is described, also one that changed nothing (all items rejected or unchanged:
 * `mentionIds` is then empty), so its counts are not lost.
 */
export interface IngestedBatch {
  organizationId: string;
  incidentIds: string[];
  mentionIds: string[];
  /** The mentions this batch added (not those it updated). */
  insertedMentionIds: string[];
  postedFrom: Date | null;
  postedTo: Date | null;
  /** Alerts this batch raised. */
  alerts: Alert[];
  counts: IngestCounts;
}

/** A batch validated and enriched, ready to be written. */
export interface PreparedBatch {
  organizationId: string;
  mentions: EnrichedMention[];
  /** The authors of `mentions`, in the order their rows are written. */
  authors: AuthorProfile[];
  errors: IngestError[];
  duplicates: number;
}

export interface MentionIngestorOptions {
  /** Told of every committed call (live subscriptions, metrics). */
  onCommitted?: (batch: IngestedBatch) => void;
  /** Raises spike alerts after each commit; null for none. */
  alerts?: AlertRaiser | null;
  logger?: Pick<Logger, 'error'> | null;
  /** Most mentions a call may carry: MAX_MENTIONS_PER_CALL unless the server is configured lower. */
  maxBatch?: number;
  /** Where languages are detected and sentiments scored: the calling thread unless worker threads are given. */
  scorer?: TextScorer;
}

interface EnrichedMention extends ValidMention {
  sentiment: number;
  sentimentLabel: NonNullable<ValidMention['sentimentLabel']>;
  sentimentSource: SentimentSource;
  owned: boolean;
  reachValue: number;
}

/** An author's profile as this batch tells it: each field with the time of the post that carried it. */
interface AuthorProfile {
  platform: Platform;
  handle: string;
  key: string;
  observedAt: Date;
  displayName: string | null;
  displayNameAt: Date | null;
  followers: number | null;
  followersAt: Date | null;
  verified: boolean | null;
  verifiedAt: Date | null;
}

interface WrittenRow {
  id: string;
  inserted: boolean;
  author_id: string;
  incident_id: string | null;
  owned: boolean;
  posted_at: Date;
  old_author_id: string | null;
  old_posted_at: Date | null;
  old_incident_id: string | null;
  old_owned: boolean | null;
}

/**
 * Stores mentions: each item validated on its own (a bad one is reported, the others stored), the last copy
 * of a repeated identity wins, and mention rows, authors, rollups, author statistics and first responses
 * change together in one transaction, so a replayed call leaves exactly the same data.
 */
export class MentionIngestor {
  private readonly onCommitted: (batch: IngestedBatch) => void;
  private readonly alerts: AlertRaiser | null;
  private readonly logger: Pick<Logger, 'error'> | null;
  private readonly maxBatch: number;
  private readonly scorer: TextScorer;

  constructor(
    private readonly dataSource: DataSource,
    options: MentionIngestorOptions = {},
  ) {
    this.onCommitted = options.onCommitted ?? (() => undefined);
    this.alerts = options.alerts === undefined ? new AlertRaiser(dataSource) : options.alerts;
    this.logger = options.logger ?? null;
    this.maxBatch = options.maxBatch ?? MAX_MENTIONS_PER_CALL;
    this.scorer = options.scorer ?? inlineScorer;
  }

  async ingest(viewer: Viewer, organizationId: string, inputs: readonly MentionFields[], now: Date): Promise<IngestOutcome> {
    return this.write(await this.prepare(viewer, organizationId, inputs, now));
  }

  /**
   * Validation, de-duplication, sentiment and language: the CPU half of ingestion. Scoring runs on the
   * scorer's threads (or yields to the event loop every few milliseconds), so a caller can write the
   * previous batch while it prepares the next one and a server keeps answering other requests meanwhile.
   */
  async prepare(viewer: Viewer, organizationId: string, inputs: readonly MentionFields[], now: Date): Promise<PreparedBatch> {
    const orgId = requireId(organizationId, 'organizationId');
    viewer.requireOrganization(orgId, ApiScope.INGEST);
    if (inputs.length > this.maxBatch) {
      throw new BadInputError('mentions', `at most ${this.maxBatch} per call (got ${inputs.length}); split the batch.`);
    }
    const handles = await this.ownHandles(orgId);

    const errors: IngestError[] = [];
    const latestByIdentity = new Map<string, ValidMention>();
    inputs.forEach((input, index) => {
      const result = validateMention(input, index, now);
      if (isItemError(result)) {
        errors.push({ index, externalId: typeof input.externalId === 'string' ? input.externalId : null, ...result });
        return;
      }
      const identity = `${result.platform}\u0000${result.externalId}`;
      latestByIdentity.delete(identity);
      latestByIdentity.set(identity, result);
    });
    const valid = [...latestByIdentity.values()];
    const toScore = valid.filter((mention) => mention.language === null || mention.sentiment === null);
    const scored = await this.scorer.score({
      texts: toScore.map((mention) => mention.text),
      languages: toScore.map((mention) => mention.language),
      scoreSentiment: toScore.map((mention) => mention.sentiment === null),
    });
    const position = new Map(toScore.map((mention, i) => [mention, i]));
    const mentions = valid.map((mention) => enrich(mention, handles, scored, position.get(mention)));
    return { organizationId: orgId, mentions, authors: authorProfiles(mentions), errors, duplicates: inputs.length - errors.length - latestByIdentity.size };
  }

  /** The database half: one transaction under the organization's write lock. */
  async write(batch: PreparedBatch): Promise<IngestOutcome> {
    const { organizationId: orgId, mentions } = batch;
    const errors = [...batch.errors];
    const { written, stored, incidentErrors } = await withRetriedTransaction(this.dataSource, async (manager) => {
      await lockOrganizationWrites(manager, orgId);
      const unknown = await this.unknownIncidents(manager, orgId, mentions);
      const isUnknown = (mention: EnrichedMention) => mention.incidentId !== null && unknown.has(mention.incidentId);
      const rejectedHere: IngestError[] = mentions.filter(isUnknown).map((mention) => ({
        index: mention.index,
        externalId: mention.externalId,
        field: 'incidentId',
        message: `no incident ${mention.incidentId} in this organization.`,
      }));
      const toStore = mentions.filter((mention) => !isUnknown(mention));
      if (toStore.length === 0) return { written: [] as WrittenRow[], stored: 0, incidentErrors: rejectedHere };
      // authors of mentions rejected here (an unknown incident) get no row
      const authors = toStore.length === mentions.length ? batch.authors : authorProfiles(toStore);
      const authorIds = await this.upsertAuthors(manager, authors);
      const rows = await this.upsertMentions(manager, orgId, toStore, authorIds);
      await this.refreshAuthorStatistics(manager, orgId, rows);
      await this.refreshFirstResponses(manager, orgId, rows);
      return { written: rows, stored: toStore.length, incidentErrors: rejectedHere };
    });
    errors.push(...incidentErrors);
    errors.sort((a, b) => a.index - b.index);
    const inserted = written.filter((row) => row.inserted).length;
    const counts: IngestCounts = {
      inserted,
      updated: written.length - inserted,
      unchanged: stored - written.length,
      duplicates: batch.duplicates,
      rejected: errors.length,
    };
    const ingested = describeBatch(orgId, written, counts);
    if (written.length > 0) {
      // after the commit, so spikes are scored on what everyone can read; the write lock orders episodes.
      // The mentions are stored whatever happens here: a failure is logged, and the next batch scores the
      // hours since the episode's last one, so no spike is skipped for good.
      try {
        if (this.alerts) ingested.alerts = await this.alerts.evaluate(ingested);
      } catch (error) {
        this.logger?.error({ err: error, organizationId: orgId }, 'alert evaluation failed; the next batch retries');
      }
    }
    this.onCommitted(ingested);
    return { accepted: stored, ...counts, errors };
  }

  private async ownHandles(organizationId: string): Promise<Set<string>> {
    const rows: Array<{ handles: Array<{ platform: Platform; handle: string }> }> = await this.dataSource.query(
      'SELECT handles FROM organizations WHERE id = $1',
      [organizationId],
    );
    if (!rows[0]) throw new NotFoundError(`Organization ${organizationId} does not exist.`);
    return new Set(rows[0].handles.map((h) => `${h.platform}:${h.handle.toLowerCase()}`));
  }

  private async unknownIncidents(manager: EntityManager, organizationId: string, mentions: EnrichedMention[]): Promise<Set<string>> {
    const wanted = [...new Set(mentions.flatMap((m) => (m.incidentId ? [m.incidentId] : [])))];
    if (wanted.length === 0) return new Set();
    const found: Array<{ id: string }> = await manager.query(
      'SELECT id FROM incidents WHERE organization_id = $1 AND id = ANY($2::uuid[])',
      [organizationId, wanted],
    );
    const known = new Set(found.map((row) => row.id));
    return new Set(wanted.filter((id) => !known.has(id)));
  }

  /** One row per author, its profile moved to what the batch tells (see authorProfiles); returns their ids. */
  private async upsertAuthors(manager: EntityManager, authors: AuthorProfile[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    let pending = authors;
    // an author another organization's transaction inserts at the same moment is invisible to this
    // statement's snapshot; a new statement sees it once committed and applies the profile there
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
      for (const row of await this.writeAuthors(manager, pending)) ids.set(`${row.platform}:${row.handle_key}`, row.id);
      pending = pending.filter((author) => !ids.has(`${author.platform}:${author.key}`));
    }
    if (pending.length > 0) throw new Error(`could not resolve ${pending.length} author rows`);
    return ids;
  }

  private writeAuthors(manager: EntityManager, authors: AuthorProfile[]): Promise<Array<{ id: string; platform: string; handle_key: string }>> {
    return manager.query(
      `WITH input AS (
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::varchar[], $6::timestamptz[],
                              $7::int[], $8::timestamptz[], $9::bool[], $10::timestamptz[])
           AS t(platform, handle, handle_key, observed_at, display_name, display_name_at, followers, followers_at, verified, verified_at)
       ),
       inserted AS (
         INSERT INTO influencers (platform, handle, handle_key, profile_observed_at, display_name, display_name_observed_at,
                                  followers, followers_observed_at, verified, verified_observed_at)
         SELECT platform, handle, handle_key, observed_at, display_name, display_name_at,
                COALESCE(followers, 0), followers_at, COALESCE(verified, false), verified_at
           FROM input
         ON CONFLICT (platform, handle_key) DO NOTHING
         RETURNING id, platform, handle_key
       ),
       -- each field moves only to a value observed later than the one stored (ties keep what is stored)
       updated AS (
         UPDATE influencers i SET
                handle = CASE WHEN t.observed_at > COALESCE(i.profile_observed_at, '-infinity') THEN t.handle ELSE i.handle END,
                profile_observed_at = GREATEST(i.profile_observed_at, t.observed_at),
                display_name = CASE WHEN t.display_name_at > COALESCE(i.display_name_observed_at, '-infinity') THEN t.display_name ELSE i.display_name END,
                display_name_observed_at = GREATEST(i.display_name_observed_at, t.display_name_at),
                followers = CASE WHEN t.followers_at > COALESCE(i.followers_observed_at, '-infinity') THEN t.followers ELSE i.followers END,
                followers_observed_at = GREATEST(i.followers_observed_at, t.followers_at),
                verified = CASE WHEN t.verified_at > COALESCE(i.verified_observed_at, '-infinity') THEN t.verified ELSE i.verified END,
                verified_observed_at = GREATEST(i.verified_observed_at, t.verified_at),
                updated_at = now()
           FROM input t
          WHERE i.platform = t.platform AND i.handle_key = t.handle_key
            AND (t.observed_at > COALESCE(i.profile_observed_at, '-infinity')
                 OR t.display_name_at > COALESCE(i.display_name_observed_at, '-infinity')
                 OR t.followers_at > COALESCE(i.followers_observed_at, '-infinity')
                 OR t.verified_at > COALESCE(i.verified_observed_at, '-infinity'))
         RETURNING i.id
       )
       SELECT id, platform, handle_key FROM inserted
       UNION ALL
       SELECT i.id, i.platform, i.handle_key FROM influencers i JOIN input t ON i.platform = t.platform AND i.handle_key = t.handle_key`,
      [
        authors.map((a) => a.platform),
        authors.map((a) => a.handle),
        authors.map((a) => a.key),
        authors.map((a) => a.observedAt),
        authors.map((a) => a.displayName),
        authors.map((a) => a.displayNameAt),
        authors.map((a) => a.followers),
        authors.map((a) => a.followersAt),
        authors.map((a) => a.verified),
        authors.map((a) => a.verifiedAt),
      ],
    );
  }

  private async upsertMentions(
    manager: EntityManager,
    organizationId: string,
    mentions: EnrichedMention[],
    authorIds: Map<string, string>,
  ): Promise<WrittenRow[]> {
    const columns: Array<[string, string, (m: EnrichedMention) => unknown]> = [
      ['platform', 'varchar', (m: EnrichedMention) => m.platform],
      ['external_id', 'varchar', (m: EnrichedMention) => m.externalId],
      ['url', 'text', (m: EnrichedMention) => m.url],
      ['author_id', 'uuid', (m: EnrichedMention) => authorIds.get(`${m.platform}:${m.authorKey}`)],
      ['text', 'text', (m: EnrichedMention) => m.text],
      ['language', 'varchar', (m: EnrichedMention) => m.language],
      ['posted_at', 'timestamptz', (m: EnrichedMention) => m.postedAt],
      ['sentiment', 'float8', (m: EnrichedMention) => m.sentiment],
      ['sentiment_label', 'varchar', (m: EnrichedMention) => m.sentimentLabel],
      ['sentiment_source', 'varchar', (m: EnrichedMention) => m.sentimentSource],
      ['reach', 'int', (m: EnrichedMention) => m.reachValue],
      ['likes', 'int', (m: EnrichedMention) => m.likes],
      ['shares', 'int', (m: EnrichedMention) => m.shares],
      ['comments', 'int', (m: EnrichedMention) => m.comments],
      ['owned', 'bool', (m: EnrichedMention) => m.owned],
      ['given_incident_id', 'uuid', (m: EnrichedMention) => m.incidentId],
      ['in_reply_to_external_id', 'varchar', (m: EnrichedMention) => m.inReplyToExternalId],
      ['shared_from_external_id', 'varchar', (m: EnrichedMention) => m.sharedFromExternalId],
    ];
    const parameters: unknown[] = [organizationId, ...columns.map(([, , value]) => mentions.map(value))];
    const unnest = columns.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
    const names = columns.map(([name]) => name).join(', ');
    const stored = 'url, author_id, text, language, posted_at, sentiment, sentiment_label, sentiment_source, reach, likes, shares, comments, engagement, owned, incident_id, incident_source, in_reply_to_external_id, shared_from_external_id';
    const assignments = stored.split(', ').map((column) => `${column} = EXCLUDED.${column}`).join(', ');
    return manager.query(
      `WITH input AS (SELECT * FROM unnest(${unnest}) AS t(${names})),
       linked AS (
         SELECT t.*, t.likes + t.shares + t.comments AS engagement,
                COALESCE(t.given_incident_id, auto.id) AS incident_id,
                CASE WHEN t.given_incident_id IS NOT NULL THEN 'PROVIDED' WHEN auto.id IS NOT NULL THEN 'AUTO' END AS incident_source
           FROM input t
           LEFT JOIN LATERAL (${autoIncidentSql('t', '$1')}) auto ON t.given_incident_id IS NULL
       ),
       previous AS (
         -- one identity-index probe per row, whatever the planner's statistics say about a freshly loaded table
         SELECT m.* FROM input t
          CROSS JOIN LATERAL (SELECT * FROM mentions m
                               WHERE m.organization_id = $1 AND m.platform = t.platform AND m.external_id = t.external_id
                               LIMIT 1) m
       ),
       written AS (
         INSERT INTO mentions AS m (organization_id, platform, external_id, ${stored})
         SELECT $1, platform, external_id, ${stored} FROM linked ORDER BY platform, external_id
         ON CONFLICT (organization_id, platform, external_id) DO UPDATE SET ${assignments}, updated_at = now()
          WHERE (${stored.split(', ').map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${stored.split(', ').map((c) => `EXCLUDED.${c}`).join(', ')})
         RETURNING m.*, (m.xmax = 0) AS inserted
       ),
       changed_previous AS (
         SELECT p.* FROM previous p JOIN written w ON w.platform = p.platform AND w.external_id = p.external_id
       ),
       ${rollupDeltaCtes('changed_previous', 'written')}
       SELECT w.id, w.inserted, w.author_id, w.incident_id, w.owned, w.posted_at,
              p.author_id AS old_author_id, p.posted_at AS old_posted_at, p.incident_id AS old_incident_id, p.owned AS old_owned
         FROM written w LEFT JOIN changed_previous p ON p.platform = w.platform AND p.external_id = w.external_id`,
      parameters,
    );
  }

  /**
   * mentionCount, firstSeenAt and lastSeenAt of the authors a write touched: new mentions are added in
   * place; authors that lost a mention or whose post moved in time are recounted (min/max cannot be undone).
   */
  private async refreshAuthorStatistics(manager: EntityManager, organizationId: string, rows: WrittenRow[]): Promise<void> {
    const recount = new Set<string>();
    for (const row of rows) {
      if (row.inserted) continue;
      if (row.old_author_id !== row.author_id || row.old_posted_at?.getTime() !== row.posted_at.getTime()) {
        recount.add(row.author_id);
        if (row.old_author_id) recount.add(row.old_author_id);
      }
    }
    const added = rows.filter((row) => row.inserted && !recount.has(row.author_id));
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO organization_influencers AS oi (organization_id, influencer_id, mention_count, first_seen_at, last_seen_at)
         SELECT $1, author_id, count(*)::int, min(posted_at), max(posted_at)
           FROM unnest($2::uuid[], $3::timestamptz[]) AS t(author_id, posted_at)
          GROUP BY author_id ORDER BY author_id
         ON CONFLICT (organization_id, influencer_id) DO UPDATE
           SET mention_count = oi.mention_count + EXCLUDED.mention_count,
               first_seen_at = LEAST(oi.first_seen_at, EXCLUDED.first_seen_at),
               last_seen_at = GREATEST(oi.last_seen_at, EXCLUDED.last_seen_at)`,
        [organizationId, added.map((row) => row.author_id), added.map((row) => row.posted_at)],
      );
    }
    if (recount.size > 0) {
      await manager.query(
        `INSERT INTO organization_influencers AS oi (organization_id, influencer_id, mention_count, first_seen_at, last_seen_at)
         SELECT $1, a.id, count(m.id)::int, min(m.posted_at), max(m.posted_at)
           FROM unnest($2::uuid[]) AS a(id)
           LEFT JOIN mentions m ON m.organization_id = $1 AND m.author_id = a.id
          GROUP BY a.id ORDER BY a.id
         ON CONFLICT (organization_id, influencer_id) DO UPDATE
           SET mention_count = EXCLUDED.mention_count, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at`,
        [organizationId, [...recount].sort()],
      );
    }
  }

  /** firstResponseAt of incidents whose owned posts changed, unless it was set by hand. */
  private async refreshFirstResponses(manager: EntityManager, organizationId: string, rows: WrittenRow[]): Promise<void> {
    const incidents = new Set<string>();
    for (const row of rows) {
      if (row.owned && row.incident_id) incidents.add(row.incident_id);
      if (row.old_owned && row.old_incident_id) incidents.add(row.old_incident_id);
    }
    if (incidents.size === 0) return;
    await refreshFirstResponses(manager, organizationId, [...incidents]);
  }
}

function enrich(mention: ValidMention, ownHandles: Set<string>, scored: ScoringResult, at: number | undefined): EnrichedMention {
  const language = at === undefined ? mention.language : scored.languages[at]!;
  const provided = mention.sentiment !== null;
  const sentiment = provided ? mention.sentiment! : scored.sentiments[at!]!;
  return {
    ...mention,
    language,
    sentiment,
    sentimentLabel: mention.sentimentLabel ?? (labelForSentiment(sentiment) as EnrichedMention['sentimentLabel']),
    sentimentSource: provided ? SentimentSource.PROVIDED : SentimentSource.COMPUTED,
    owned: ownHandles.has(`${mention.platform}:${mention.authorKey}`),
    // listening tools count an author's audience as a post's potential reach when no reach is reported
    reachValue: mention.reach ?? Math.min(mention.authorFollowers ?? 0, 500_000_000),
  };
}

/**
 * One profile per author of the mentions. Each field (name, followers, verified, the handle's spelling)
 * takes the value of the latest post that carries it, with that post's time, so replaying old posts
 * changes nothing. Sorted by key: concurrent batches write shared author rows in one order (no deadlock).
 */
function authorProfiles(mentions: readonly EnrichedMention[]): AuthorProfile[] {
  const profiles = new Map<string, AuthorProfile>();
  for (const mention of [...mentions].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime() || a.index - b.index)) {
    const key = `${mention.platform}:${mention.authorKey}`;
    const at = mention.postedAt;
    const profile: AuthorProfile = profiles.get(key) ?? {
      platform: mention.platform, handle: mention.authorHandle, key: mention.authorKey, observedAt: at,
      displayName: null, displayNameAt: null, followers: null, followersAt: null, verified: null, verifiedAt: null,
    };
    profile.handle = mention.authorHandle;
    profile.observedAt = at;
    if (mention.authorDisplayName !== null) Object.assign(profile, { displayName: mention.authorDisplayName, displayNameAt: at });
    if (mention.authorFollowers !== null) Object.assign(profile, { followers: mention.authorFollowers, followersAt: at });
    if (mention.authorVerified !== null) Object.assign(profile, { verified: mention.authorVerified, verifiedAt: at });
    profiles.set(key, profile);
  }
  return [...profiles.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, profile]) => profile);
}

function describeBatch(organizationId: string, rows: WrittenRow[], counts: IngestCounts): IngestedBatch {
  const incidents = new Set<string>();
  let from: Date | null = null;
  let to: Date | null = null;
  for (const row of rows) {
    if (row.incident_id) incidents.add(row.incident_id);
    if (row.old_incident_id) incidents.add(row.old_incident_id);
    if (!from || row.posted_at < from) from = row.posted_at;
    if (!to || row.posted_at > to) to = row.posted_at;
  }
  return {
    organizationId,
    incidentIds: [...incidents],
    mentionIds: rows.map((row) => row.id),
    insertedMentionIds: rows.filter((row) => row.inserted).map((row) => row.id),
    postedFrom: from,
    postedTo: to,
    alerts: [],
    counts,
  };
}
