import type { DataSource } from 'typeorm';
import { labelForSentiment } from '../../src/analytics/sentiment-label';
import { rebuildRollups } from '../../src/ingest/rebuild-rollups';
import type { TestApp } from './test-app';

export interface OrganizationRef {
  id: string;
  slug: string;
}

export async function createOrganization(app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<OrganizationRef> {
  const data = await app.ok<{ createOrganization: OrganizationRef }>(
    `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id slug } }`,
    { input: { name, ...extra } },
  );
  return data.createOrganization;
}

export async function createKey(
  app: TestApp,
  organizationIds: string[],
  scopes: string[] = ['READ', 'INGEST', 'MANAGE'],
  key: string = app.adminKey,
): Promise<{ id: string; secret: string }> {
  const data = await app.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
    { input: { name: `key for ${organizationIds.length} organization(s)`, organizationIds, scopes } },
    key,
  );
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

export async function createIncident(app: TestApp, organizationId: string, input: Record<string, unknown> = {}): Promise<string> {
  const data = await app.ok<{ createIncident: { id: string } }>(
    `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
    { input: { organizationId, title: 'Outage', startedAt: '2026-10-01T00:00:00Z', ...input } },
  );
  return data.createIncident.id;
}

export interface MentionSeed {
  platform?: string;
  externalId: string;
  text?: string;
  postedAt: string;
  author?: { handle: string; followers?: number; verified?: boolean; displayName?: string };
  sentiment?: number;
  reach?: number;
  likes?: number;
  shares?: number;
  comments?: number;
  incidentId?: string | null;
  owned?: boolean;
  language?: string | null;
  inReplyToExternalId?: string | null;
  sharedFromExternalId?: string | null;
}

/**
 * Writes mentions straight into the tables (ingestion is its own capability): influencer rows, the
 * mention rows, the per-organization author statistics and the rollups recomputed from them.
 */
export async function insertMentions(dataSource: DataSource, organizationId: string, seeds: MentionSeed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const seed of seeds) {
    const platform = seed.platform ?? 'TWITTER';
    const author = seed.author ?? { handle: 'someone' };
    const [influencer] = await dataSource.query(
      `INSERT INTO influencers (platform, handle, handle_key, display_name, followers, verified)
       VALUES ($1, $2::varchar, lower($2::varchar), $3, $4, $5)
       ON CONFLICT (platform, handle_key) DO UPDATE SET followers = EXCLUDED.followers, verified = EXCLUDED.verified
       RETURNING id`,
      [platform, author.handle, author.displayName ?? null, author.followers ?? 100, author.verified ?? false],
    );
    const sentiment = seed.sentiment ?? 0;
    const likes = seed.likes ?? 0;
    const shares = seed.shares ?? 0;
    const comments = seed.comments ?? 0;
    const [mention] = await dataSource.query(
      `INSERT INTO mentions (organization_id, incident_id, platform, external_id, url, author_id, text, language, posted_at,
                             sentiment, sentiment_label, sentiment_source, reach, likes, shares, comments, engagement, owned,
                             in_reply_to_external_id, shared_from_external_id)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, 'PROVIDED', $11, $12, $13, $14, $15, $16, $17, $18)
       RETURNING id`,
      [
        organizationId,
        seed.incidentId ?? null,
        platform,
        seed.externalId,
        influencer.id,
        seed.text ?? `mention ${seed.externalId}`,
        seed.language ?? 'en',
        seed.postedAt,
        sentiment,
        labelForSentiment(sentiment),
        seed.reach ?? 0,
        likes,
        shares,
        comments,
        likes + shares + comments,
        seed.owned ?? false,
        seed.inReplyToExternalId ?? null,
        seed.sharedFromExternalId ?? null,
      ],
    );
    await dataSource.query(
      `INSERT INTO organization_influencers (organization_id, influencer_id, mention_count, first_seen_at, last_seen_at)
       SELECT $1, $2, count(*), min(posted_at), max(posted_at) FROM mentions WHERE organization_id = $1 AND author_id = $2
       ON CONFLICT (organization_id, influencer_id) DO UPDATE
         SET mention_count = EXCLUDED.mention_count, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at`,
      [organizationId, influencer.id],
    );
    ids.push(mention.id);
  }
  await rebuildRollups(dataSource, organizationId);
  return ids;
}
