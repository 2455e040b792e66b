import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCorpusDirectory, loadCorpus } from '../../src/seed/corpus';
import { createAuthorPools, generateMentions } from '../../src/seed/generate';
import { planSeed } from '../../src/seed/plan';
import { seedDatabase, type SeedRunOptions, type SeedSummary } from '../../src/seed/seed-database';
import { startTestApp, type TestApp } from '../support/test-app';

const OPTIONS: SeedRunOptions = {
  mentions: 3000,
  organizations: 3,
  seed: 7,
  days: 14,
  end: new Date('2026-11-20T00:00:00Z'),
  corpusDirectory: defaultCorpusDirectory(path.resolve(__dirname, '..', '..')),
  batchSize: 1000,
};
const HOUR = 3_600_000;

/** Everything the seed wrote, without generated ids, in identity order, hashed. */
async function contentHash(dataSource: DataSource): Promise<string> {
  const organizations = await dataSource.query(
    `SELECT o.slug, o.name, o.timezone, o.handles, o.keywords,
            ARRAY(SELECT c.slug FROM organizations c WHERE c.id = ANY(o.competitor_ids) ORDER BY c.slug) AS competitors
       FROM organizations o ORDER BY o.slug`,
  );
  const incidents = await dataSource.query(
    `SELECT o.slug, i.title, i.description, i.severity, i.crisis_type, i.phase, i.status, i.started_at, i.detected_at,
            i.first_response_at, i.resolved_at, i.keywords
       FROM incidents i JOIN organizations o ON o.id = i.organization_id ORDER BY o.slug, i.started_at, i.title`,
  );
  const mentions = await dataSource.query(
    `SELECT o.slug, m.platform, m.external_id, m.url, m.text, m.language, m.posted_at, m.sentiment, m.sentiment_label,
            m.sentiment_source, m.reach, m.likes, m.shares, m.comments, m.engagement, m.owned, m.incident_source,
            m.in_reply_to_external_id, m.shared_from_external_id, i.title AS incident,
            a.handle, a.display_name, a.followers, a.verified
       FROM mentions m
       JOIN organizations o ON o.id = m.organization_id
       JOIN influencers a ON a.id = m.author_id
       LEFT JOIN incidents i ON i.organization_id = m.organization_id AND i.id = m.incident_id
      ORDER BY o.slug, m.platform, m.external_id`,
  );
  return createHash('sha256').update(JSON.stringify({ organizations, incidents, mentions })).digest('hex');
}

describe('npm run seed (the generator)', () => {
  let first: TestApp;
  let second: TestApp;
  let summary: SeedSummary;
  let hash: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestApp(), startTestApp()]);
    summary = await seedDatabase(first.dataSource, OPTIONS);
    hash = await contentHash(first.dataSource);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('stores every generated mention, rejecting none', () => {
    expect(summary.progress).toMatchObject({ total: 3000, done: 3000, inserted: 3000, rejected: 0 });
    expect(summary.errors).toEqual([]);
    expect(summary.corpus.source).toBe('files');
  });

  it('writes byte-identical data into another database from the same seed', async () => {
    await seedDatabase(second.dataSource, OPTIONS);
    expect(await contentHash(second.dataSource)).toBe(hash);
  });

  it('generates a different data set from another seed', () => {
    const corpus = loadCorpus(OPTIONS.corpusDirectory);
    const sample = (seed: number) => {
      const plan = planSeed({ ...OPTIONS, seed });
      const texts: string[] = [];
      for (const mention of generateMentions(plan, plan.organizations[0]!, corpus, [], createAuthorPools(plan))) {
        texts.push(`${mention.author.handle} ${mention.text}`);
        if (texts.length === 50) break;
      }
      return texts;
    };
    expect(sample(7)).toEqual(sample(7));
    expect(sample(8)).not.toEqual(sample(7));
  });

  it('changes nothing when run again with the same options', async () => {
    const counts = async () =>
      (await first.dataSource.query(
        `SELECT (SELECT count(*)::int FROM organizations) AS organizations, (SELECT count(*)::int FROM incidents) AS incidents,
                (SELECT count(*)::int FROM influencers) AS influencers, (SELECT count(*)::int FROM mentions) AS mentions,
                (SELECT max(updated_at) FROM mentions) AS mentions_updated, (SELECT max(updated_at) FROM organizations) AS organizations_updated,
                (SELECT max(updated_at) FROM incidents) AS incidents_updated`,
      ))[0];
    const before = await counts();
    const again = await seedDatabase(first.dataSource, OPTIONS);
    expect(again.progress).toMatchObject({ done: 3000, inserted: 0, updated: 0, unchanged: 3000, rejected: 0 });
    expect(again.organizations.every((organization) => !organization.created)).toBe(true);
    expect(again.organizations.flatMap((organization) => organization.incidents).every((incident) => !incident.created)).toBe(true);
    expect(await counts()).toEqual(before);
    expect(await contentHash(first.dataSource)).toBe(hash);
  });

  it('creates several organizations that benchmark against each other, with their own handles', async () => {
    const data = await first.ok(`{ organizations(first: 10) { totalCount edges { node { id slug handles { platform handle } competitorIds
      incidents(first: 10) { totalCount edges { node { status severity crisisType startedAt resolvedAt firstResponseAt responseTimeSeconds } } } } } } }`);
    const organizations = data.organizations.edges.map((edge: any) => edge.node);
    expect(organizations).toHaveLength(3);
    const ids = new Set(organizations.map((organization: any) => organization.id));
    for (const organization of organizations) {
      expect(organization.handles.length).toBeGreaterThan(0);
      expect(organization.competitorIds.length).toBeGreaterThan(0);
      expect(organization.competitorIds.every((id: string) => ids.has(id) && id !== organization.id)).toBe(true);
      expect(organization.incidents.totalCount).toBeGreaterThanOrEqual(1);
      expect(organization.incidents.totalCount).toBeLessThanOrEqual(3);
      for (const { node: incident } of organization.incidents.edges) {
        // owned replies answered every incident, so each has a measured response time
        expect(incident.firstResponseAt).not.toBeNull();
        expect(incident.responseTimeSeconds).toBeGreaterThan(0);
      }
    }
    const statuses = organizations.flatMap((organization: any) => organization.incidents.edges.map((edge: any) => edge.node.status));
    expect(statuses).toContain('RESOLVED');
  });

  it('gives every incident a volume spike and a sentiment dip against the days before, and a recovery after', async () => {
    const incidents: Array<{ organization_id: string; started_at: Date; resolved_at: Date | null }> = await first.dataSource.query(
      'SELECT organization_id, started_at, resolved_at FROM incidents ORDER BY started_at',
    );
    const window = async (organizationId: string, from: Date, to: Date) =>
      (await first.dataSource.query(
        `SELECT count(*)::int AS volume, avg(sentiment) AS sentiment FROM mentions
          WHERE organization_id = $1 AND NOT owned AND posted_at >= $2 AND posted_at < $3`,
        [organizationId, from, to],
      ))[0] as { volume: number; sentiment: number };
    for (const incident of incidents) {
      const start = incident.started_at.getTime();
      const before = await window(incident.organization_id, new Date(start - 48 * HOUR), incident.started_at);
      const during = await window(incident.organization_id, incident.started_at, new Date(start + 12 * HOUR));
      expect(during.volume / 12).toBeGreaterThan((before.volume / 48) * 1.5);
      expect(during.sentiment).toBeLessThan(before.sentiment - 0.1);
      if (incident.resolved_at) {
        const after = await window(incident.organization_id, incident.resolved_at, new Date(incident.resolved_at.getTime() + 48 * HOUR));
        expect(after.sentiment).toBeGreaterThan(during.sentiment + 0.1);
      }
    }
  });

  it('follows a daily rhythm: the small hours are quieter than the day', async () => {
    const rows: Array<{ quiet: number; busy: number }> = await first.dataSource.query(
      `SELECT count(*) FILTER (WHERE extract(hour FROM m.posted_at AT TIME ZONE o.timezone) BETWEEN 2 AND 5) / 4.0 AS quiet,
              count(*) FILTER (WHERE extract(hour FROM m.posted_at AT TIME ZONE o.timezone) BETWEEN 10 AND 21) / 12.0 AS busy
         FROM mentions m JOIN organizations o ON o.id = m.organization_id`,
    );
    expect(Number(rows[0]!.quiet)).toBeLessThan(Number(rows[0]!.busy) * 0.5);
  });

  it('has owned replies to complaints during incidents', async () => {
    const rows: Array<{ slug: string; replies: number; bad_links: number }> = await first.dataSource.query(
      `SELECT o.slug, count(r.id)::int AS replies,
              count(r.id) FILTER (WHERE p.id IS NULL OR p.owned OR p.posted_at >= r.posted_at OR r.incident_id IS NULL)::int AS bad_links
         FROM organizations o
         LEFT JOIN mentions r ON r.organization_id = o.id AND r.owned AND r.in_reply_to_external_id IS NOT NULL
         LEFT JOIN mentions p ON p.organization_id = r.organization_id AND p.platform = r.platform AND p.external_id = r.in_reply_to_external_id
        GROUP BY o.slug`,
    );
    for (const row of rows) {
      expect(row.replies).toBeGreaterThan(0);
      expect(row.bad_links).toBe(0);
    }
  });

  it('builds reply and reshare cascades at least two levels deep, always pointing at earlier posts', async () => {
    const links: Array<{ links: number; dangling: number }> = await first.dataSource.query(
      `SELECT count(*)::int AS links, count(*) FILTER (WHERE p.id IS NULL OR p.posted_at >= m.posted_at)::int AS dangling
         FROM mentions m
         LEFT JOIN mentions p ON p.organization_id = m.organization_id AND p.platform = m.platform
                             AND p.external_id = COALESCE(m.shared_from_external_id, m.in_reply_to_external_id)
        WHERE m.shared_from_external_id IS NOT NULL OR m.in_reply_to_external_id IS NOT NULL`,
    );
    expect(links[0]!.links).toBeGreaterThan(300);
    expect(links[0]!.dangling).toBe(0);
    const depth: Array<{ depth: number; reshares: number }> = await first.dataSource.query(
      `WITH RECURSIVE cascade AS (
         SELECT organization_id, platform, external_id, 0 AS depth FROM mentions
          WHERE shared_from_external_id IS NULL AND in_reply_to_external_id IS NULL
         UNION ALL
         SELECT m.organization_id, m.platform, m.external_id, c.depth + 1 FROM mentions m
           JOIN cascade c ON m.organization_id = c.organization_id AND m.platform = c.platform
                         AND COALESCE(m.shared_from_external_id, m.in_reply_to_external_id) = c.external_id
          WHERE c.depth < 50
       )
       SELECT max(depth)::int AS depth, (SELECT count(*)::int FROM mentions WHERE shared_from_external_id IS NOT NULL) AS reshares FROM cascade`,
    );
    expect(depth[0]!.depth).toBeGreaterThanOrEqual(2);
    expect(depth[0]!.reshares).toBeGreaterThan(0);
  });

  it('mixes platforms and English and Indonesian, scoring most sentiment itself', async () => {
    const languages: Array<{ language: string | null; share: number }> = await first.dataSource.query(
      `SELECT language, count(*)::float / sum(count(*)) OVER () AS share FROM mentions GROUP BY language`,
    );
    const share = (language: string) => languages.find((row) => row.language === language)?.share ?? 0;
    expect(share('en')).toBeGreaterThan(0.1);
    expect(share('id')).toBeGreaterThan(0.1);
    const platforms: Array<{ platform: string }> = await first.dataSource.query('SELECT DISTINCT platform FROM mentions');
    expect(platforms.map((row) => row.platform)).toEqual(expect.arrayContaining(['TWITTER', 'FACEBOOK', 'INSTAGRAM', 'NEWS', 'REDDIT']));
    const sources: Array<{ provided: number }> = await first.dataSource.query(
      `SELECT avg((sentiment_source = 'PROVIDED')::int)::float AS provided FROM mentions`,
    );
    expect(sources[0]!.provided).toBeGreaterThan(0.03);
    expect(sources[0]!.provided).toBeLessThan(0.3);
  });

  it('draws follower counts from a heavy tail: many small accounts, a few very large ones', async () => {
    const rows: Array<{ median: number; max: number; top_share: number }> = await first.dataSource.query(
      `WITH a AS (SELECT followers, ntile(100) OVER (ORDER BY followers DESC) AS percentile FROM influencers)
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY followers) AS median, max(followers) AS max,
              sum(followers) FILTER (WHERE percentile = 1)::float / sum(followers) AS top_share
         FROM a`,
    );
    const { median, max, top_share: topShare } = rows[0]!;
    expect(median).toBeLessThan(1000);
    expect(max / median).toBeGreaterThan(1000);
    expect(topShare).toBeGreaterThan(0.5);
  });
});
