/**
 * npm run demo [-- --mentions 20000]
 * Starts the API like `npm start` (embedded PostgreSQL unless DATABASE_URL is set), loads the demo data set
 * once, creates a fresh READ key for the demo organizations and prints the URL, the key and three example
 * queries (each checked against the running server). Ctrl-C stops the server, then the database.
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { generateAdminKey } from '../src/auth/secrets';
import { Viewer } from '../src/auth/viewer';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { ApiScope, Platform } from '../src/entities/enums';
import { createLogger } from '../src/logger';
import { defaultCorpusDirectory } from '../src/seed/corpus';
import { planSeed, type SeedOptions } from '../src/seed/plan';
import { seedDatabase } from '../src/seed/seed-database';
import { createApp, type App } from '../src/server';
import { ApiKeysService } from '../src/services/api-keys.service';
import { stopOnSignals } from '../src/shutdown';

const DAY = 86_400_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mentions: { type: 'string', default: '20000' } } });
  const mentions = Number(values.mentions);
  if (!Number.isInteger(mentions) || mentions < 1000 || mentions > 5_000_000) throw new UsageError('--mentions is a whole number from 1,000 to 5,000,000.');

  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  let app: App | null = null;
  stopOnSignals(logger, [
    { name: 'closing the server', run: async () => app?.close() },
    { name: 'closing the database', run: () => database.close() },
  ]);
  try {
    app = await start(config, logger, database, mentions);
  } catch (error) {
    // an embedded database must not outlive a failed start
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function start(config: Config, logger: Logger, database: Database, mentions: number): Promise<App> {
  const adminKey = config.ADMIN_API_KEY ?? generateAdminKey();
  const demo = await loadDemoData(database.dataSource, mentions);
  const { secret } = await new ApiKeysService(database.dataSource).create(Viewer.admin(), {
    name: `demo read key ${new Date().toISOString()}`,
    organizationIds: demo.organizations.map((organization) => organization.id),
    scopes: [ApiScope.READ],
  });

  const app = await createApp({ config, database, logger, adminKey });
  const address = await app.listen(config.PORT, config.HOST);
  const url = `${address.replace('127.0.0.1', 'localhost')}/graphql`;
  const examples = await exampleQueries(database.dataSource, demo.organizations[0]!);

  const lines = [
    ``,
    `  Crisis reputation API demo at ${url}`,
    `  Database: ${database.description}`,
    `  Demo data: ${demo.organizations.map((o) => o.slug).join(', ')} — ${demo.mentions.toLocaleString('en-US')} mentions, ` +
      `${demo.start.toISOString().slice(0, 10)} to ${demo.end.toISOString().slice(0, 10)} (${demo.loadedNow ? 'loaded now' : 'already loaded'})`,
    ``,
    `  Read key for the demo organizations (created for this run, shown once):`,
    `    export KEY=${secret}`,
  ];
  if (!config.ADMIN_API_KEY) lines.push(``, `  Admin key (generated for this run only):`, `    ${adminKey}`);
  lines.push(``, `  Example queries:`);
  for (const example of examples) {
    const check = await runExample(`${address}/graphql`, secret, example.query);
    lines.push(``, `  # ${example.title} ${check}`, `  curl -s ${url} -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\`, `    -d '${JSON.stringify({ query: example.query })}'`);
  }
  lines.push(``, `  Ctrl-C stops the server and the database.`, ``);
  process.stdout.write(`${lines.join('\n')}\n`);
  return app;
}

interface DemoOrganization {
  id: string;
  slug: string;
  handles: Array<{ platform: Platform; handle: string }>;
}

/**
 * The demo data set, loaded once: skipped when every demo organization already has its mentions. It ends
 * at the midnight (UTC) of the day it was first loaded, so an interrupted load resumes with the same data.
 */
async function loadDemoData(dataSource: DataSource, mentions: number) {
  const base: Omit<SeedOptions, 'end'> = { mentions, organizations: 4, seed: 1, days: 30 };
  const slugs = planSeed({ ...base, end: new Date(Date.UTC(2026, 0, 1)) }).organizations.map((o) => o.slug);
  const existing: Array<{ id: string; slug: string; created_at: Date; mentions: number }> = await dataSource.query(
    `SELECT o.id, o.slug, o.created_at, (SELECT count(*)::int FROM mentions m WHERE m.organization_id = o.id) AS mentions
       FROM organizations o WHERE o.slug = ANY($1::text[]) ORDER BY o.created_at`,
    [slugs],
  );
  const firstLoaded = existing[0]?.created_at.getTime() ?? Date.now();
  const end = new Date(Math.floor(firstLoaded / DAY) * DAY);
  const plan = planSeed({ ...base, end });
  const complete = plan.organizations.every((organization) => (existing.find((row) => row.slug === organization.slug)?.mentions ?? 0) >= organization.total);
  if (!complete) {
    process.stdout.write(`Loading demo data: ${mentions.toLocaleString('en-US')} mentions for ${slugs.join(', ')}…\n`);
    const started = Date.now();
    await seedDatabase(dataSource, {
      ...base,
      end,
      corpusDirectory: defaultCorpusDirectory(path.resolve(__dirname, '..')),
      batchSize: 2000,
      onProgress: (progress) => {
        if (process.stdout.isTTY) process.stdout.write(`\r  ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} mentions\u001b[K`);
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const organizations: DemoOrganization[] = await dataSource.query('SELECT id, slug, handles FROM organizations WHERE slug = ANY($1::text[])', [slugs]);
  organizations.sort((a, b) => slugs.indexOf(a.slug) - slugs.indexOf(b.slug));
  const counted: Array<{ total: number }> = await dataSource.query('SELECT count(*)::int AS total FROM mentions WHERE organization_id = ANY($1::uuid[])', [
    organizations.map((o) => o.id),
  ]);
  return { organizations, mentions: counted[0]?.total ?? 0, start: plan.start, end, loadedNow: !complete };
}

async function exampleQueries(dataSource: DataSource, organization: DemoOrganization): Promise<Array<{ title: string; query: string }>> {
  // the audience account with the largest following that wrote about the organization on Twitter
  const own = organization.handles.filter((h) => h.platform === Platform.TWITTER).map((h) => h.handle.toLowerCase());
  const big: Array<{ handle: string }> = await dataSource.query(
    `SELECT i.handle FROM organization_influencers oi JOIN influencers i ON i.id = oi.influencer_id
      WHERE oi.organization_id = $1 AND i.platform = 'TWITTER' AND NOT (i.handle_key = ANY($2::text[]))
      ORDER BY i.followers DESC, i.handle_key LIMIT 1`,
    [organization.id, own],
  );
  const [span] = (await dataSource.query('SELECT min(posted_at) AS first, max(posted_at) AS last FROM mentions WHERE organization_id = $1', [
    organization.id,
  ])) as Array<{ first: Date; last: Date }>;
  const range = `{ from: "${span!.first.toISOString()}", to: "${new Date(span!.last.getTime() + 1).toISOString()}" }`;
  return [
    {
      title: `${organization.slug}: did it recover from its incidents?`,
      query: `{ incidents(organizationId: "${organization.id}", first: 3) { edges { node { title startedAt responseTimeSeconds kpis { volume netSentiment } reputationDelta(metrics: [AVERAGE_SENTIMENT, VOLUME]) { recovered timeToRecoverySeconds metrics { metric before during after change significant } } } } } }`,
    },
    {
      title: 'net sentiment and volume per day in its time zone, with anomalies',
      query: `{ timeSeries(scope: { organizationId: "${organization.id}" }, range: ${range}, granularity: DAY, metrics: [VOLUME, NET_SENTIMENT, REPUTATION_INDEX]) { timezone points { bucket volume netSentiment reputationIndex } } anomalies(scope: { organizationId: "${organization.id}" }, range: ${range}) { bucket value expected zScore severity } }`,
    },
    {
      title: 'who drives the negative conversation',
      query: `{ influencers(organizationId: "${organization.id}", orderBy: NEGATIVE_REACH, first: 5) { influencer { handle followers verified influenceScore } mentions negativeReach shareOfReach } influencer(platform: TWITTER, handle: "${big[0]?.handle ?? 'NusantaraAir'}") { handle followers mentionCount } }`,
    },
  ];
}

/** Runs an example against the server just started, so the banner never advertises a query that fails. */
async function runExample(url: string, key: string, query: string): Promise<string> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> };
    if (body.errors?.length) return `(failed just now: ${body.errors[0]!.message})`;
    const data = body.data ?? {};
    const incidents = data.incidents as { edges: Array<{ node: { reputationDelta: { recovered: boolean } } }> } | undefined;
    const series = data.timeSeries as { points: unknown[] } | undefined;
    const anomalies = data.anomalies as unknown[] | undefined;
    const influencers = data.influencers as Array<{ influencer: { handle: string } }> | undefined;
    if (incidents) return `(${incidents.edges.length} incidents, ${incidents.edges.filter((edge) => edge.node.reputationDelta.recovered).length} recovered)`;
    if (series) return `(${series.points.length} days, ${anomalies?.length ?? 0} anomalous hours)`;
    if (influencers) return `(led by @${influencers[0]?.influencer.handle ?? 'nobody'})`;
    return '';
  } catch (error) {
    return `(failed just now: ${error instanceof Error ? error.message : String(error)})`;
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
  else console.error('Failed to start the demo:', error instanceof Error ? error.message : error);
  process.exit(1);
});
