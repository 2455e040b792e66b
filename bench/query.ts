/**
 * npm run bench:query -- [--mentions 100000,10000000] [--reuse] [--iterations 30] [--warmup 5]
 *                        [--slow-iterations 30] [--slow-budget 120] [--authors 1000000] [--top-up-authors] [--no-peer]
 *                        [--while-seeding]
 *
 * Read latency of the analytics API on seeded data (`npm run seed`, 4 organizations over 30 days, seed 1),
 * one database per size named crisis_bench_q_<mentions> on BENCH_DATABASE_URL (or an embedded PostgreSQL).
 * For the organization with the most mentions over the 30 seeded days, each question is timed four ways:
 *   api    the server (`src/main.ts`, a child process) over HTTP with a READ key: kpis (every metric field
 *          but uniqueAuthors, the one distinct count), timeSeries (HOUR, 5 metrics), kpiTable grouped by
 *          [PLATFORM, SENTIMENT] and by [TIME, PLATFORM] per DAY
 *   floor  the same logical SQL straight on the rollups through `pg` (kpiTable: the local-date tier without languages and the UTC hour tier; hour-aligned range): what no API
 *          on these tables can beat
 *   slots  the same on mention_slot_totals (the dimensions folded into columns, one row per slot and incident)
 *          where the database has it and the question needs no platform: the tighter floor for those
 *   raw    the same figures from the mentions rows (NOT owned, posted_at in range, weights 1 + log10(1 + reach)):
 *          what users had before the rollups
 *   peer   PostGraphile v4 with @graphile/pg-aggregates and the connection filter on the same database: the
 *          tool a user would otherwise pick, asked the same questions as a PostGraphile user would ask them
 * plus `influencer(platform, handle)` and `searchInfluencers` (prefix and fuzzy; skipped while the schema has
 * no such field), with the number of authors reported; --top-up-authors inserts synthetic authors (display
 * name "synthetic bench author", seen by the organization) up to --authors when the seed made fewer.
 * Every response is checked for `errors` before it counts, and the figures of the ways are compared.
 * The raw scan and the peer take seconds a call at 10M: they stop after --slow-budget seconds (at least 3
 * timed calls; the count is recorded), so p99 there is close to the maximum of few samples.
 * Results: bench/results/query-<time>-<sizes>.json and markdown tables on stdout.
 *
 * Seeding 10,000,000 mentions through the real ingestion takes about an hour, so a database is seeded once,
 * marked complete by a COMMENT ON DATABASE, and kept: later runs need --reuse (an incomplete one is resumed;
 * the seed is idempotent). Nothing is dropped automatically; the run prints the DROP statements.
 * --while-seeding measures a database whose seed is still running (started by hand, e.g. with nohup): the
 * organization measured must already hold all its planned mentions (seeds ingest one organization's
 * mentions in time order), and the result says the run shared the machine with the seed.
 *
 * Why the peer lives in bench/peer: PostGraphile v4 and @graphile/pg-aggregates 0.1 need graphql 15 while
 * the API is built on graphql 16 (Apollo Server 5), so npm cannot install them beside the root dependencies
 * (ERESOLVE). bench/peer/package.json pins them with its own lock file; this bench runs
 * `npm ci --prefix bench/peer` when they are missing and starts PostGraphile's own CLI as a separate process.
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { localDateOf } from '../src/analytics/calendar';
import { EMPTY_TOTALS, METRICS, metricValues, type MetricName, type Totals } from '../src/analytics/metrics';
import { databaseUrl } from '../src/db/database-url';
import { DEFAULT_SEED_END, planSeed } from '../src/seed/plan';
import { benchServer, median, percentile, startServerProcess } from './support';

const ADMIN_KEY = 'bench-admin-key-0123456789-abcdef';
const SEED = { orgs: 4, seed: 1, days: 30 };
const DAY_MS = 86_400_000;
const PEER_DIR = path.join('bench', 'peer');

/** The metric fields of KpiReport, without uniqueAuthors (a distinct count; the others are sums). */
const KPI_METRICS: MetricName[] = METRICS.filter((metric) => metric !== 'UNIQUE_AUTHORS');
const SERIES_METRICS: MetricName[] = ['VOLUME', 'AVERAGE_SENTIMENT', 'NEGATIVE', 'REACH', 'REPUTATION_INDEX'];
const TABLE_METRICS: MetricName[] = ['VOLUME', 'AVERAGE_SENTIMENT', 'NEGATIVE_SHARE', 'REACH', 'ENGAGEMENT', 'REPUTATION_INDEX'];

type Way = 'api' | 'floor' | 'slots' | 'raw' | 'peer';
const WAYS: Way[] = ['api', 'floor', 'slots', 'raw', 'peer'];
type CaseName = 'kpis' | 'timeSeriesHour' | 'kpiTablePlatformSentiment' | 'kpiTableDayPlatform';
const CASES: CaseName[] = ['kpis', 'timeSeriesHour', 'kpiTablePlatformSentiment', 'kpiTableDayPlatform'];
const CASE_LABELS: Record<CaseName, string> = {
  kpis: 'kpis (12 metrics, 30 days)',
  timeSeriesHour: 'timeSeries HOUR × 30 days, 5 metrics',
  kpiTablePlatformSentiment: 'kpiTable [PLATFORM, SENTIMENT], 6 metrics',
  kpiTableDayPlatform: 'kpiTable [TIME(DAY), PLATFORM], 6 metrics',
};

interface Timing {
  iterations: number;
  medianMs: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/** One question's answer reduced to comparable rows: group key (in order) and totals. */
type Answer = Array<{ key: string; values: Partial<Record<MetricName, number | null>> }>;

interface Options {
  sizes: number[];
  reuse: boolean;
  iterations: number;
  warmup: number;
  slowIterations: number;
  slowBudgetMs: number;
  authors: number;
  topUpAuthors: boolean;
  peer: boolean;
  whileSeeding: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mentions: { type: 'string', default: '100000' },
      reuse: { type: 'boolean', default: false },
      iterations: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '5' },
      'slow-iterations': { type: 'string' },
      'slow-budget': { type: 'string', default: '120' },
      authors: { type: 'string', default: '1000000' },
      'top-up-authors': { type: 'boolean', default: false },
      'no-peer': { type: 'boolean', default: false },
      'while-seeding': { type: 'boolean', default: false },
    },
  });
  const iterations = whole(values.iterations!, '--iterations', 1);
  const options: Options = {
    sizes: values.mentions!.split(',').map((size) => whole(size.trim().replace(/_/g, ''), '--mentions', 1)),
    reuse: values.reuse!,
    iterations,
    warmup: whole(values.warmup!, '--warmup', 0),
    slowIterations: values['slow-iterations'] ? whole(values['slow-iterations'], '--slow-iterations', 1) : iterations,
    slowBudgetMs: whole(values['slow-budget']!, '--slow-budget', 1) * 1000,
    authors: whole(values.authors!, '--authors', 0),
    topUpAuthors: values['top-up-authors']!,
    peer: !values['no-peer'],
    whileSeeding: values['while-seeding']!,
  };
  if (options.peer) ensurePeerInstalled();

  const server = await benchServer();
  const results: SizeResult[] = [];
  const names: string[] = [];
  try {
    for (const size of options.sizes) {
      const name = `crisis_bench_q_${size}`;
      names.push(name);
      const { url, complete, seedRunning } = await ensureSeeded(server.url, name, size, options);
      results.push(await measureSize(url, name, size, { complete, seedRunning }, options));
    }
  } finally {
    if (names.length > 0) {
      console.log(`\nThe seeded databases are kept for --reuse. To drop them:`);
      for (const name of names) console.log(`  psql "${databaseUrl(server.url, 'postgres')}" -c 'DROP DATABASE IF EXISTS ${name} WITH (FORCE)'`);
    }
    if (!process.env.BENCH_DATABASE_URL) console.log('(embedded PostgreSQL: its temporary cluster, and the databases with it, are gone when this run ends)');
    await server.stop();
  }

  const report = buildReport(results, options);
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
  const out = path.join('bench', 'results', `query-${stamp}Z-${options.sizes.map(shortCount).join('-')}.json`);
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  printTables(report);
  console.log(`\nwritten to ${out}`);
}

// ---------------------------------------------------------------------------------------------- data

/** The size's database, seeded and marked complete; seeds it (or resumes an incomplete seed) when needed. */
async function ensureSeeded(serverUrl: string, name: string, mentions: number, options: Options): Promise<{ url: string; complete: boolean; seedRunning: boolean }> {
  const reuse = options.reuse || options.whileSeeding;
  const marker = `crisis-bench-seed mentions=${mentions} orgs=${SEED.orgs} seed=${SEED.seed} days=${SEED.days} complete`;
  const url = databaseUrl(serverUrl, name);
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const rows = (
      await admin.query<{ comment: string | null }>("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [name])
    ).rows;
    const exists = rows.length > 0;
    const complete = rows[0]?.comment?.startsWith(marker) ?? false;
    if (exists && !reuse) {
      throw new UsageError(
        `database ${name} exists (${complete ? 'seeded' : 'seed incomplete'}): pass --reuse to measure it (an incomplete seed is resumed), ` +
          `or drop it first: psql "${databaseUrl(serverUrl, 'postgres')}" -c 'DROP DATABASE ${name} WITH (FORCE)'`,
      );
    }
    if (complete) {
      console.log(`\n${name}: reusing the seeded database (${mentions.toLocaleString('en-US')} mentions)`);
    } else if (exists && options.whileSeeding) {
      // a running seed holds connections to the database; a stopped one holds none
      const seedRunning = Number((await admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [name])).rows[0]!.count) > 0;
      console.log(`\n${name}: seed not complete; measuring it ${seedRunning ? 'while the seed runs' : 'as the stopped seed left it'} (--while-seeding)`);
      await admin.end();
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query('ANALYZE mentions, mention_rollups, mention_hour_rollups, mention_day_rollups, mention_day_platform_rollups, mention_slot_totals, influencers, organization_influencers').finally(() => client.end());
      return { url, complete: false, seedRunning };
    } else {
      const others = await admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [name]);
      if (Number(others.rows[0]!.count) > 0) {
        throw new UsageError(`database ${name} is being used by ${others.rows[0]!.count} other connection(s) (a seed still running?); wait for it to finish.`);
      }
      if (!exists) await admin.query(`CREATE DATABASE ${name}`);
      console.log(`\n${name}: ${exists ? 'resuming the seed of' : 'seeding'} ${mentions.toLocaleString('en-US')} mentions (about 3,000/s)…`);
      await runSeed(url, mentions);
      await admin.query(`COMMENT ON DATABASE ${name} IS '${marker}'`);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // a just-seeded table has no visibility map yet: vacuum once so index-only scans are possible for all ways
    const comment = (await client.query<{ comment: string }>("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [name])).rows[0]!
      .comment;
    if (!comment.includes('vacuumed')) {
      console.log(`${name}: VACUUM (ANALYZE) once after seeding…`);
      await client.query('VACUUM (ANALYZE) mentions, mention_rollups, mention_hour_rollups, mention_day_rollups, mention_day_platform_rollups, mention_slot_totals, mention_author_rollups, influencers, organization_influencers');
      await client.query(`COMMENT ON DATABASE ${name} IS '${comment} vacuumed'`);
    } else {
      await client.query('ANALYZE mentions, mention_rollups, mention_hour_rollups, mention_day_rollups, mention_day_platform_rollups, mention_slot_totals, influencers, organization_influencers');
    }
  } finally {
    await client.end();
  }
  return { url, complete: true, seedRunning: false };
}

function runSeed(url: string, mentions: number): Promise<void> {
  const args = ['--import', 'tsx', 'scripts/seed.ts', '--mentions', String(mentions), '--orgs', String(SEED.orgs), '--seed', String(SEED.seed), '--days', String(SEED.days)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', DB_STATEMENT_TIMEOUT_MS: '600000' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run seed exited with ${code}`))));
  });
}

interface Target {
  organizationId: string;
  slug: string;
  timezone: string;
  from: string;
  to: string;
}

/**
 * The organization with the most mentions in the seed plan (the same one at every size) that holds all of
 * its planned mentions; only a seed still running leaves one short.
 */
async function pickTarget(db: Client, mentions: number): Promise<Target & { mentions: number }> {
  const end = new Date(DEFAULT_SEED_END);
  const plan = planSeed({ mentions, organizations: SEED.orgs, seed: SEED.seed, days: SEED.days, end });
  const rows = (await db.query<{ id: string; slug: string; timezone: string }>('SELECT id, slug, timezone FROM organizations')).rows;
  for (const planned of [...plan.organizations].sort((a, b) => b.total - a.total)) {
    const row = rows.find((candidate) => candidate.slug === planned.slug);
    if (!row) continue;
    const stored = Number((await db.query<{ count: string }>('SELECT count(*) FROM mentions WHERE organization_id = $1', [row.id])).rows[0]!.count);
    if (stored < planned.total) {
      console.log(`  ${planned.slug}: ${stored.toLocaleString('en-US')} of ${planned.total.toLocaleString('en-US')} planned mentions so far; not measured`);
      continue;
    }
    return {
      organizationId: row.id,
      slug: row.slug,
      timezone: row.timezone,
      from: new Date(end.getTime() - SEED.days * DAY_MS).toISOString(),
      to: end.toISOString(),
      mentions: stored,
    };
  }
  throw new Error('no organization holds all its planned mentions yet');
}

interface AuthorInfo {
  influencers: number;
  seenByOrganization: number;
  synthetic: number;
  toppedUpThisRun: number;
}

const SYNTHETIC_NAME = 'synthetic bench author';
const FIRST = ['rina', 'budi', 'sari', 'agus', 'dewi', 'putri', 'andi', 'fajar', 'emma', 'james', 'olivia', 'liam', 'priya', 'arjun', 'noah', 'mia'];
const LAST = ['santoso', 'wijaya', 'pratama', 'lestari', 'smith', 'jones', 'taylor', 'brown', 'patel', 'sharma', 'murphy', 'halim'];

/** Counts authors; with --top-up-authors inserts synthetic ones (seen by the target organization) up to the target. */
async function authors(db: Client, target: Target, options: Options): Promise<AuthorInfo> {
  const count = async () => {
    const row = (
      await db.query<{ all: string; seen: string; synthetic: string }>(
        `SELECT (SELECT count(*) FROM influencers) AS all,
                (SELECT count(*) FROM organization_influencers WHERE organization_id = $1) AS seen,
                (SELECT count(*) FROM influencers WHERE display_name = $2) AS synthetic`,
        [target.organizationId, SYNTHETIC_NAME],
      )
    ).rows[0]!;
    return { influencers: Number(row.all), seen: Number(row.seen), synthetic: Number(row.synthetic) };
  };
  let counts = await count();
  let topped = 0;
  if (options.topUpAuthors && counts.influencers < options.authors) {
    const missing = options.authors - counts.influencers;
    console.log(`topping up ${missing.toLocaleString('en-US')} synthetic authors (display name "${SYNTHETIC_NAME}") to reach ${options.authors.toLocaleString('en-US')}…`);
    const platforms = ['TWITTER', 'FACEBOOK', 'INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'REDDIT', 'LINKEDIN', 'NEWS', 'BLOG', 'FORUM', 'OTHER'];
    // numbered after the synthetic rows already there, so handles never collide and a rerun continues
    for (let start = counts.synthetic; start < counts.synthetic + missing; start += 100_000) {
      const end = Math.min(counts.synthetic + missing, start + 100_000) - 1;
      const inserted = await db.query(
        `WITH made AS (
           SELECT ($3::text[])[1 + g % 11] AS platform,
                  ($4::text[])[1 + g % cardinality($4::text[])] || '_' || ($5::text[])[1 + (g / 7) % cardinality($5::text[])] || g::text AS handle,
                  (g * 7919) % 250000 AS followers
             FROM generate_series($1::int, $2::int) g
         ), authors AS (
           INSERT INTO influencers (platform, handle, handle_key, display_name, followers)
           SELECT platform, handle, lower(handle), '${SYNTHETIC_NAME}', followers FROM made
           ON CONFLICT (platform, handle_key) DO NOTHING
           RETURNING id
         )
         INSERT INTO organization_influencers (organization_id, influencer_id, mention_count)
         SELECT $6::uuid, id, 0 FROM authors`,
        [start, end, platforms, FIRST, LAST, target.organizationId],
      );
      topped += inserted.rowCount ?? 0;
      process.stdout.write(`  ${(start - counts.synthetic + end - start + 1).toLocaleString('en-US')}/${missing.toLocaleString('en-US')}\n`);
    }
    await db.query('ANALYZE influencers, organization_influencers');
    counts = await count();
  }
  return { influencers: counts.influencers, seenByOrganization: counts.seen, synthetic: counts.synthetic, toppedUpThisRun: topped };
}

// ------------------------------------------------------------------------------------------- measure

interface SizeResult {
  mentions: number;
  database: string;
  seedComplete: boolean;
  /** Whether that seed was still running (it holds connections) when the size was measured. */
  seedRunning: boolean;
  organization: { id: string; slug: string; timezone: string; mentions: number };
  range: { from: string; to: string };
  audienceMentionsInRange: number;
  mentionRows: number;
  rollupRows: number;
  postgres: string;
  authors: AuthorInfo;
  cases: Record<CaseName, Partial<Record<Way, Timing>>>;
  agreement: Record<CaseName, Partial<Record<Way, string>>>;
  lookups: Record<string, Timing | { skipped: string }>;
  notes: string[];
}

async function measureSize(url: string, name: string, mentions: number, seed: { complete: boolean; seedRunning: boolean }, options: Options): Promise<SizeResult> {
  const seedComplete = seed.complete;
  const db = new Client({ connectionString: url });
  await db.connect();
  const stops: Array<() => Promise<void>> = [];
  try {
    const target = await pickTarget(db, mentions);
    const sizes = (
      await db.query<{ mentions: string; rollups: string; version: string }>(
        "SELECT (SELECT reltuples FROM pg_class WHERE relname = 'mentions')::bigint AS mentions, (SELECT count(*) FROM mention_rollups) AS rollups, current_setting('server_version') AS version",
      )
    ).rows[0]!;
    const authorInfo = await authors(db, target, options);
    console.log(
      `${name}: organization ${target.slug} (${target.timezone}), ${target.from} → ${target.to}; ` +
        `${Number(sizes.rollups).toLocaleString('en-US')} rollup rows; ${authorInfo.influencers.toLocaleString('en-US')} authors`,
    );

    const api = await startServerProcess({ DATABASE_URL: url, ADMIN_API_KEY: ADMIN_KEY, INTROSPECTION: 'true', LOG_LEVEL: 'error' });
    stops.push(api.stop);
    const created = await graphql(api.url, ADMIN_KEY, 'mutation ($org: ID!) { createApiKey(input: { name: "bench:query", organizationIds: [$org], scopes: [READ] }) { secret } }', {
      org: target.organizationId,
    });
    const key = (created.createApiKey as { secret: string }).secret;
    const queryFields = await rootFields(api.url, key);

    const notes: string[] = [];
    let peerUrl: string | null = null;
    if (options.peer) {
      await installPeerFunctions(db);
      const peer = await startPeer(url);
      stops.push(peer.stop);
      peerUrl = peer.url;
    }

    // the server has migrated the database by now
    const hasSlotTotals = (await db.query<{ t: string | null }>("SELECT to_regclass('mention_slot_totals')::text AS t")).rows[0]!.t !== null;
    if (hasSlotTotals) {
      // a seed started before the slot-totals migration writes only mention_rollups; the migration's backfill
      // then misses what the seed wrote after it, and the API would answer from stale totals
      const stale = (
        await db.query<{ slug: string }>(
          `SELECT o.slug FROM organizations o
             LEFT JOIN (SELECT organization_id, sum(volume) AS v FROM mention_rollups GROUP BY 1) r ON r.organization_id = o.id
             LEFT JOIN (SELECT organization_id, sum(volume) AS v FROM mention_slot_totals GROUP BY 1) t ON t.organization_id = o.id
            WHERE r.v IS DISTINCT FROM t.v`,
        )
      ).rows.map((row) => row.slug);
      if (stale.length > 0) {
        const message = `mention_slot_totals disagrees with mention_rollups for ${stale.join(', ')} (seeded by code older than the slot-totals migration, or the seed is still running)`;
        console.log(`  warning: ${message}`);
        notes.push(message);
      }
    }
    const questions = buildQuestions(target, api.url, key, peerUrl, db, hasSlotTotals);
    const cases = {} as SizeResult['cases'];
    const agreement = {} as SizeResult['agreement'];
    if (!seedComplete) {
      notes.push(
        `measured ${seed.seedRunning ? 'while the seed was still running' : 'with the seed stopped part-way'} (--while-seeding): ${Number(sizes.mentions).toLocaleString('en-US')} of ${mentions.toLocaleString('en-US')} mention rows stored at the start; ` +
          `${target.slug} held all its ${target.mentions.toLocaleString('en-US')} mentions` +
          (seed.seedRunning ? '; the seed shared the 2 cores, so latencies are higher than on an idle machine' : ''),
      );
    }
    for (const caseName of CASES) {
      cases[caseName] = {};
      agreement[caseName] = {};
      const answers: Partial<Record<Way, Answer>> = {};
      for (const way of WAYS) {
        const ask = questions[caseName][way];
        if (!ask) continue;
        if (way === 'api' && !queryFields.has(caseName.startsWith('kpiTable') ? 'kpiTable' : caseName === 'timeSeriesHour' ? 'timeSeries' : 'kpis')) {
          notes.push(`${caseName}: the API has no such query yet; skipped`);
          continue;
        }
        const slow = way === 'raw' || way === 'peer';
        const { timing, last } = slow
          ? await time(ask, options.slowIterations, Math.min(options.warmup, 1), options.slowBudgetMs)
          : await time(ask, options.iterations, options.warmup);
        cases[caseName][way] = timing;
        answers[way] = last;
        console.log(`  ${caseName.padEnd(26)} ${way.padEnd(5)} median ${fmt(timing.medianMs)} ms  p99 ${fmt(timing.p99Ms)} ms  (${timing.iterations} runs)`);
      }
      const reference = answers.floor!;
      for (const way of WAYS) if (answers[way]) agreement[caseName][way] = compareAnswers(answers[way]!, reference);
    }

    const lookups = await measureLookups(db, target, api.url, key, queryFields, options);
    return {
      mentions,
      database: name,
      seedComplete,
      seedRunning: seed.seedRunning,
      organization: { id: target.organizationId, slug: target.slug, timezone: target.timezone, mentions: target.mentions },
      range: { from: target.from, to: target.to },
      audienceMentionsInRange: Number(questions.audienceVolume ? await questions.audienceVolume() : 0),
      mentionRows: Number(sizes.mentions),
      rollupRows: Number(sizes.rollups),
      postgres: sizes.version,
      authors: authorInfo,
      cases,
      agreement,
      lookups,
      notes,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.end();
  }
}

/**
 * Runs `warmup` untimed and `iterations` timed calls one after another (fewer, but at least 3, once
 * `budgetMs` has passed); keeps the last answer.
 */
async function time(ask: () => Promise<Answer>, iterations: number, warmup: number, budgetMs = Infinity): Promise<{ timing: Timing; last: Answer }> {
  let last: Answer = [];
  for (let i = 0; i < warmup; i += 1) last = await ask();
  const samples: number[] = [];
  const began = performance.now();
  for (let i = 0; i < iterations; i += 1) {
    if (samples.length >= 3 && performance.now() - began > budgetMs) break;
    const started = performance.now();
    last = await ask();
    samples.push(performance.now() - started);
  }
  return {
    timing: {
      iterations: samples.length,
      medianMs: round3(median(samples)),
      p99Ms: round3(percentile(samples, 99)),
      minMs: round3(Math.min(...samples)),
      maxMs: round3(Math.max(...samples)),
    },
    last,
  };
}

type Questions = Record<CaseName, Partial<Record<Way, () => Promise<Answer>>>> & { audienceVolume?: () => Promise<number> };

function buildQuestions(target: Target, apiUrl: string, key: string, peerUrl: string | null, db: Client, hasSlotTotals: boolean): Questions {
  const scope = { organizationId: target.organizationId };
  const range = { from: target.from, to: target.to };
  const sql = (text: string, params: unknown[], keyOf: (row: Record<string, unknown>) => string, metrics: MetricName[]) => async (): Promise<Answer> => {
    const rows = (await db.query(text, params)).rows as Array<Record<string, unknown>>;
    return rows.map((row) => ({ key: keyOf(row), values: metricValues(totalsOf(row), metrics) }));
  };
  const fields = (metrics: MetricName[]) => metrics.map(fieldName).join(' ');
  const base = [target.organizationId, target.from, target.to];
  const withZone = [...base, target.timezone];
  const noKey = () => '';

  const questions: Questions = {
    kpis: {
      api: async () => {
        const data = await graphql(apiUrl, key, `query ($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { ${fields(KPI_METRICS)} } }`, {
          scope,
          range,
        });
        return [{ key: '', values: fromFields(data.kpis as Record<string, number | null>, KPI_METRICS) }];
      },
      floor: sql(`SELECT ${rollupSums(KPI_METRICS)} FROM mention_rollups r WHERE ${ROLLUP_WHERE}`, base, noKey, KPI_METRICS),
      raw: sql(`SELECT ${rawSums(KPI_METRICS)} FROM mentions m WHERE ${RAW_WHERE}`, base, noKey, KPI_METRICS),
    },
    timeSeriesHour: {
      api: async () => {
        const data = await graphql(
          apiUrl,
          key,
          `query ($scope: ScopeInput!, $range: TimeRangeInput!, $metrics: [Metric!]!) {
             timeSeries(scope: $scope, range: $range, granularity: HOUR, metrics: $metrics) { points { bucket ${fields(SERIES_METRICS)} } } }`,
          { scope, range, metrics: SERIES_METRICS },
        );
        const points = (data.timeSeries as { points: Array<Record<string, number | null> & { bucket: string }> }).points;
        // fill: ZERO emits empty hours too; the other ways return only hours with mentions
        return points.filter((point) => (point.volume ?? 0) > 0).map((point) => ({ key: point.bucket, values: fromFields(point, SERIES_METRICS) }));
      },
      floor: sql(
        `SELECT date_trunc('hour', r.bucket AT TIME ZONE $4) AS k, ${rollupSums(SERIES_METRICS)} FROM mention_rollups r WHERE ${ROLLUP_WHERE} GROUP BY 1 ORDER BY 1`,
        withZone,
        (row) => localKey(row.k),
        SERIES_METRICS,
      ),
      raw: sql(
        `SELECT date_trunc('hour', m.posted_at AT TIME ZONE $4) AS k, ${rawSums(SERIES_METRICS)} FROM mentions m WHERE ${RAW_WHERE} GROUP BY 1 ORDER BY 1`,
        withZone,
        (row) => localKey(row.k),
        SERIES_METRICS,
      ),
    },
    kpiTablePlatformSentiment: {
      api: tableQuestion(apiUrl, key, scope, range, ['PLATFORM', 'SENTIMENT'], null, (row) => `${row.platform}|${row.sentiment}`),
      // the organization's whole local dates from the day tier, the hours at either end from the hour tier (the
      // range and the zone's midnights are whole hours)
      floor: sql(
        `SELECT r.platform, r.sentiment_label, ${rollupSums(TABLE_METRICS)}
           FROM (SELECT ${TIER_COLUMNS}
                   FROM mention_day_platform_rollups r WHERE r.organization_id = $1::uuid AND r.bucket >= $4::timestamptz AND r.bucket < $5::timestamptz
                 UNION ALL
                 SELECT ${TIER_COLUMNS}
                   FROM mention_hour_rollups r WHERE r.organization_id = $1::uuid
                    AND (r.bucket >= $2::timestamptz AND r.bucket < $6::timestamptz OR r.bucket >= $7::timestamptz AND r.bucket < $3::timestamptz)) r
          GROUP BY 1, 2`,
        [...base, ...wholeLocalDates(target)],
        (row) => `${row.platform}|${row.sentiment_label}`,
        TABLE_METRICS,
      ),
      raw: sql(
        `SELECT m.platform, m.sentiment_label, ${rawSums(TABLE_METRICS)} FROM mentions m WHERE ${RAW_WHERE} GROUP BY 1, 2`,
        base,
        (row) => `${row.platform}|${row.sentiment_label}`,
        TABLE_METRICS,
      ),
    },
    kpiTableDayPlatform: {
      api: tableQuestion(apiUrl, key, scope, range, ['TIME', 'PLATFORM'], 'DAY', (row) => `${row.bucket}|${row.platform}`),
      // a row per whole local date from the day tier (labelled by the date), the partial dates at either end
      // from the hour tier (a whole-hour zone)
      floor: sql(
        `SELECT r.k, r.platform, ${rollupSums(TABLE_METRICS)}
           FROM (SELECT r.bucket AT TIME ZONE 'UTC' AS k, ${TIER_COLUMNS} FROM mention_day_platform_rollups r
                  WHERE r.organization_id = $1::uuid AND r.bucket >= $5::timestamptz AND r.bucket < $6::timestamptz
                 UNION ALL
                 SELECT date_trunc('day', r.bucket AT TIME ZONE $4) AS k, ${TIER_COLUMNS} FROM mention_hour_rollups r WHERE r.organization_id = $1::uuid
                    AND (r.bucket >= $2::timestamptz AND r.bucket < $7::timestamptz OR r.bucket >= $8::timestamptz AND r.bucket < $3::timestamptz)) r
          GROUP BY 1, 2`,
        [...withZone, ...wholeLocalDates(target)],
        (row) => `${localKey(row.k)}|${row.platform}`,
        TABLE_METRICS,
      ),
      raw: sql(
        `SELECT date_trunc('day', m.posted_at AT TIME ZONE $4) AS k, m.platform, ${rawSums(TABLE_METRICS)} FROM mentions m WHERE ${RAW_WHERE} GROUP BY 1, 2`,
        withZone,
        (row) => `${localKey(row.k)}|${row.platform}`,
        TABLE_METRICS,
      ),
    },
    audienceVolume: async () =>
      Number((await db.query<{ volume: string }>(`SELECT coalesce(sum(volume), 0) AS volume FROM mention_rollups r WHERE ${ROLLUP_WHERE}`, base)).rows[0]!.volume),
  };
  if (hasSlotTotals) {
    questions.kpis.slots = sql(`SELECT ${slotSums(KPI_METRICS)} FROM mention_slot_totals r WHERE ${ROLLUP_WHERE}`, base, noKey, KPI_METRICS);
    questions.timeSeriesHour.slots = sql(
      `SELECT date_trunc('hour', r.bucket AT TIME ZONE $4) AS k, ${slotSums(SERIES_METRICS)} FROM mention_slot_totals r WHERE ${ROLLUP_WHERE} GROUP BY 1 ORDER BY 1`,
      withZone,
      (row) => localKey(row.k),
      SERIES_METRICS,
    );
  }
  if (peerUrl) {
    questions.kpis.peer = peerKpis(peerUrl, target);
    questions.timeSeriesHour.peer = peerSeries(peerUrl, target);
    questions.kpiTablePlatformSentiment.peer = peerTable(peerUrl, target);
  }
  return questions;
}

/** The first and last UTC midnight inside the range. */
/**
 * The organization's local dates that lie whole in the range: as day-tier labels (each date's midnight in UTC)
 * and as the instants they span.
 */
function wholeLocalDates(target: { from: string; to: string; timezone: string }): [string, string, string, string] {
  const [from, to] = [Date.parse(target.from), Date.parse(target.to)];
  let first = localDateOf(from, target.timezone);
  if (first.start < from) first = localDateOf(first.end, target.timezone);
  let last = localDateOf(to - 1, target.timezone);
  if (last.end > to) last = localDateOf(last.start - 1, target.timezone);
  const iso = (time: number) => new Date(time).toISOString();
  return [iso(first.label), iso(last.label + DAY_MS), iso(first.start), iso(last.end)];
}

function tableQuestion(
  apiUrl: string,
  key: string,
  scope: { organizationId: string },
  range: { from: string; to: string },
  groupBy: string[],
  granularity: string | null,
  keyOf: (row: Record<string, unknown>) => string,
): () => Promise<Answer> {
  return async () => {
    const data = await graphql(
      apiUrl,
      key,
      `query ($scope: ScopeInput!, $range: TimeRangeInput!, $groupBy: [Dimension!]!, $metrics: [Metric!]!, $granularity: Granularity) {
         kpiTable(scope: $scope, range: $range, groupBy: $groupBy, metrics: $metrics, granularity: $granularity, first: 10000) {
           totalCount pageInfo { hasNextPage } rows { platform sentiment bucket ${TABLE_METRICS.map(fieldName).join(' ')} } } }`,
      { scope, range, groupBy, metrics: TABLE_METRICS, granularity },
    );
    const table = data.kpiTable as { pageInfo: { hasNextPage: boolean }; rows: Array<Record<string, number | null>> };
    if (table.pageInfo.hasNextPage) throw new Error('kpiTable returned more than one page');
    return table.rows.map((row) => ({ key: keyOf(row), values: fromFields(row, TABLE_METRICS) }));
  };
}

/** What the kpiTable floors read of a tier row: the dimensions they group by and the sums. */
const TIER_COLUMNS = 'r.platform, r.sentiment_label, r.volume, r.sentiment_sum, r.sentiment_square_sum, r.reach_sum, r.engagement_sum, r.weight_sum, r.weighted_sentiment_sum';

// the rollup floor and the raw scan answer the same question: audience mentions of one organization in [from, to)
const ROLLUP_WHERE = 'r.organization_id = $1::uuid AND r.bucket >= $2::timestamptz AND r.bucket < $3::timestamptz';
const RAW_WHERE = 'm.organization_id = $1::uuid AND NOT m.owned AND m.posted_at >= $2::timestamptz AND m.posted_at < $3::timestamptz';

/** The sums a set of metrics needs, over rollups; only those, so the floor does no more work than asked. */
function rollupSums(metrics: readonly MetricName[]): string {
  return sumsNeeded(metrics, {
    volume: 'sum(r.volume)',
    positive: "coalesce(sum(r.volume) FILTER (WHERE r.sentiment_label = 'POSITIVE'), 0)",
    neutral: "coalesce(sum(r.volume) FILTER (WHERE r.sentiment_label = 'NEUTRAL'), 0)",
    negative: "coalesce(sum(r.volume) FILTER (WHERE r.sentiment_label = 'NEGATIVE'), 0)",
    sentiment_sum: 'sum(r.sentiment_sum)',
    reach: 'sum(r.reach_sum)',
    engagement: 'sum(r.engagement_sum)',
    weight_sum: 'sum(r.weight_sum)',
    weighted_sentiment_sum: 'sum(r.weighted_sentiment_sum)',
    media_coverage: "coalesce(sum(r.volume) FILTER (WHERE r.platform = 'NEWS'), 0)",
  });
}

function slotSums(metrics: readonly MetricName[]): string {
  return sumsNeeded(metrics, {
    volume: 'sum(r.volume)',
    positive: 'sum(r.positive)',
    neutral: 'sum(r.neutral)',
    negative: 'sum(r.negative)',
    sentiment_sum: 'sum(r.sentiment_sum)',
    reach: 'sum(r.reach_sum)',
    engagement: 'sum(r.engagement_sum)',
    weight_sum: 'sum(r.weight_sum)',
    weighted_sentiment_sum: 'sum(r.weighted_sentiment_sum)',
    media_coverage: 'sum(r.media_coverage)',
  });
}

/** The same sums over mention rows, in float8 like a hand-written report would (faster than numeric). */
function rawSums(metrics: readonly MetricName[]): string {
  return sumsNeeded(metrics, {
    volume: 'count(*)',
    positive: "count(*) FILTER (WHERE m.sentiment_label = 'POSITIVE')",
    neutral: "count(*) FILTER (WHERE m.sentiment_label = 'NEUTRAL')",
    negative: "count(*) FILTER (WHERE m.sentiment_label = 'NEGATIVE')",
    sentiment_sum: 'sum(m.sentiment)',
    reach: 'sum(m.reach)',
    engagement: 'sum(m.engagement)',
    weight_sum: 'sum(1 + log(1 + m.reach::float8))',
    weighted_sentiment_sum: 'sum((1 + log(1 + m.reach::float8)) * m.sentiment)',
    media_coverage: "count(*) FILTER (WHERE m.platform = 'NEWS')",
  });
}

const NEEDS: Record<MetricName, string[]> = {
  VOLUME: ['volume'],
  UNIQUE_AUTHORS: [],
  AVERAGE_SENTIMENT: ['volume', 'sentiment_sum'],
  POSITIVE: ['positive'],
  NEUTRAL: ['neutral'],
  NEGATIVE: ['negative'],
  NET_SENTIMENT: ['positive', 'negative'],
  NEGATIVE_SHARE: ['volume', 'negative'],
  REACH: ['reach'],
  ENGAGEMENT: ['engagement'],
  ENGAGEMENT_RATE: ['reach', 'engagement'],
  MEDIA_COVERAGE: ['media_coverage'],
  REPUTATION_INDEX: ['volume', 'weight_sum', 'weighted_sentiment_sum'],
};

function sumsNeeded(metrics: readonly MetricName[], expressions: Record<string, string>): string {
  const needed = new Set(metrics.flatMap((metric) => NEEDS[metric]));
  return Object.entries(expressions)
    .filter(([column]) => needed.has(column))
    .map(([column, expression]) => `${expression} AS ${column}`)
    .join(', ');
}

function totalsOf(row: Record<string, unknown>): Totals {
  const n = (column: string) => (row[column] == null ? 0 : Number(row[column]));
  return {
    ...EMPTY_TOTALS,
    volume: n('volume'),
    positive: n('positive'),
    neutral: n('neutral'),
    negative: n('negative'),
    sentimentSum: n('sentiment_sum'),
    reach: n('reach'),
    engagement: n('engagement'),
    weightSum: n('weight_sum'),
    weightedSentimentSum: n('weighted_sentiment_sum'),
    mediaCoverage: n('media_coverage'),
    uniqueAuthors: null,
  };
}

// -------------------------------------------------------------------------------------------- peer

function ensurePeerInstalled(): void {
  if (existsSync(path.join(PEER_DIR, 'node_modules', 'postgraphile'))) return;
  console.log('installing the PostGraphile peer (npm ci --prefix bench/peer)…');
  const result = spawnSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci --prefix bench/peer failed');
}

/**
 * What a PostGraphile user adds for the reputation index: computed columns (functions named after the table
 * in its schema), which pg-aggregates can sum. Created by this bench, in the bench database only.
 */
async function installPeerFunctions(db: Client): Promise<void> {
  await db.query(`CREATE OR REPLACE FUNCTION mentions_reputation_weight(m mentions) RETURNS double precision
                    LANGUAGE sql IMMUTABLE AS $$ SELECT 1 + log(1 + m.reach::float8) $$`);
  await db.query(`CREATE OR REPLACE FUNCTION mentions_weighted_sentiment(m mentions) RETURNS double precision
                    LANGUAGE sql IMMUTABLE AS $$ SELECT (1 + log(1 + m.reach::float8)) * m.sentiment $$`);
}

async function startPeer(url: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join('node_modules', 'postgraphile', 'cli.js'),
      '--connection', url,
      '--schema', 'public',
      '--host', '127.0.0.1',
      '--port', String(port),
      '--append-plugins', '@graphile/pg-aggregates,postgraphile-plugin-connection-filter',
      '--disable-default-mutations',
      '--disable-query-log',
      '--disable-graphiql',
    ],
    { cwd: PEER_DIR, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}: ${output}`))));
  const peerUrl = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await Promise.race([
      fetch(peerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then(
        (response) => response.ok,
        () => false,
      ),
      exited,
    ]);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`PostGraphile did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: peerUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function peerArgs(target: Target): { condition: string; filter: string } {
  return {
    condition: `organizationId: "${target.organizationId}", owned: false`,
    filter: `postedAt: { greaterThanOrEqualTo: "${target.from}", lessThan: "${target.to}" }`,
  };
}

const PEER_SUMS = 'sum { sentiment reach engagement reputationWeight weightedSentiment }';

/**
 * The kpis question as a PostGraphile user writes it: connection aggregates for the sums and the average,
 * and totalCount of filtered connections for the label counts and media coverage (pg-aggregates 0.1 has no
 * per-group row count); the ratios are computed by the client.
 */
function peerKpis(url: string, target: Target): () => Promise<Answer> {
  const { condition, filter } = peerArgs(target);
  const count = (alias: string, extra: string) => `${alias}: allMentions(condition: { ${condition}, ${extra} }, filter: { ${filter} }) { totalCount }`;
  const query = `{
    all: allMentions(condition: { ${condition} }, filter: { ${filter} }) { totalCount aggregates { ${PEER_SUMS} average { sentiment } } }
    ${count('positive', 'sentimentLabel: "POSITIVE"')}
    ${count('neutral', 'sentimentLabel: "NEUTRAL"')}
    ${count('negative', 'sentimentLabel: "NEGATIVE"')}
    ${count('news', 'platform: "NEWS"')}
  }`;
  return async () => {
    const data = await graphql(url, null, query, {});
    const all = data.all as { totalCount: number; aggregates: { sum: PeerSums } };
    const totalCount = (alias: string) => (data[alias] as { totalCount: number }).totalCount;
    return [
      {
        key: '',
        values: metricValues(
          {
            ...peerTotals(all.totalCount, all.aggregates.sum),
            positive: totalCount('positive'),
            neutral: totalCount('neutral'),
            negative: totalCount('negative'),
            mediaCoverage: totalCount('news'),
          },
          KPI_METRICS,
        ),
      },
    ];
  };
}

/** Hourly series with groupedAggregates; per-hour counts as distinctCount of the primary key. */
function peerSeries(url: string, target: Target): () => Promise<Answer> {
  const { condition, filter } = peerArgs(target);
  const query = `{
    all: allMentions(condition: { ${condition} }, filter: { ${filter} }) {
      groupedAggregates(groupBy: [POSTED_AT_TRUNCATED_TO_HOUR]) { keys distinctCount { id } ${PEER_SUMS} } }
    negative: allMentions(condition: { ${condition}, sentimentLabel: "NEGATIVE" }, filter: { ${filter} }) {
      groupedAggregates(groupBy: [POSTED_AT_TRUNCATED_TO_HOUR]) { keys distinctCount { id } } }
  }`;
  return async () => {
    const data = await graphql(url, null, query, {});
    type Group = { keys: string[]; distinctCount: { id: string }; sum: PeerSums };
    const groups = (data.all as { groupedAggregates: Group[] }).groupedAggregates;
    const negatives = new Map((data.negative as { groupedAggregates: Group[] }).groupedAggregates.map((group) => [group.keys[0], Number(group.distinctCount.id)]));
    return groups
      .map((group) => ({ hour: Date.parse(group.keys[0]!), group }))
      .sort((a, b) => a.hour - b.hour)
      .map(({ hour, group }) => ({
        key: new Date(hour).toISOString(),
        values: metricValues({ ...peerTotals(Number(group.distinctCount.id), group.sum), negative: negatives.get(group.keys[0]) ?? 0 }, SERIES_METRICS),
      }));
  };
}

function peerTable(url: string, target: Target): () => Promise<Answer> {
  const { condition, filter } = peerArgs(target);
  const query = `{ all: allMentions(condition: { ${condition} }, filter: { ${filter} }) {
      groupedAggregates(groupBy: [PLATFORM, SENTIMENT_LABEL]) { keys distinctCount { id } ${PEER_SUMS} } } }`;
  return async () => {
    const data = await graphql(url, null, query, {});
    const groups = (data.all as { groupedAggregates: Array<{ keys: string[]; distinctCount: { id: string }; sum: PeerSums }> }).groupedAggregates;
    return groups.map((group) => {
      const volume = Number(group.distinctCount.id);
      const label = group.keys[1]!;
      return {
        key: `${group.keys[0]}|${label}`,
        values: metricValues({ ...peerTotals(volume, group.sum), negative: label === 'NEGATIVE' ? volume : 0 }, TABLE_METRICS),
      };
    });
  };
}

interface PeerSums {
  sentiment: number | null;
  reach: string | number | null;
  engagement: string | number | null;
  reputationWeight: number | null;
  weightedSentiment: number | null;
}

function peerTotals(volume: number, sums: PeerSums): Totals {
  return {
    ...EMPTY_TOTALS,
    volume,
    sentimentSum: Number(sums.sentiment ?? 0),
    reach: Number(sums.reach ?? 0),
    engagement: Number(sums.engagement ?? 0),
    weightSum: Number(sums.reputationWeight ?? 0),
    weightedSentimentSum: Number(sums.weightedSentiment ?? 0),
    uniqueAuthors: null,
  };
}

// ----------------------------------------------------------------------------------------- lookups

async function measureLookups(db: Client, target: Target, apiUrl: string, key: string, fields: Set<string>, options: Options): Promise<SizeResult['lookups']> {
  const sample = (
    await db.query<{ platform: string; handle: string }>(
      `SELECT i.platform, i.handle FROM organization_influencers oi JOIN influencers i ON i.id = oi.influencer_id
        WHERE oi.organization_id = $1 ORDER BY md5(i.id::text) LIMIT 200`,
      [target.organizationId],
    )
  ).rows;
  const lookups: SizeResult['lookups'] = {};
  const cycle = <T>(items: T[]) => {
    let next = 0;
    return () => items[next++ % items.length]!;
  };

  // the fixed cost of any request (HTTP, key check, GraphQL execution), to read the analytics figures against
  const viewer = await time(
    async () => {
      await graphql(apiUrl, key, '{ viewer { id } }', {});
      return [];
    },
    options.iterations,
    options.warmup,
  );
  lookups.viewerBaseline = viewer.timing;
  console.log(`  viewer (request baseline)  api   median ${fmt(viewer.timing.medianMs)} ms  p99 ${fmt(viewer.timing.p99Ms)} ms`);

  const nextAuthor = cycle(sample);
  const exact = await time(
    async () => {
      const author = nextAuthor();
      const data = await graphql(apiUrl, key, 'query ($p: Platform!, $h: String!) { influencer(platform: $p, handle: $h) { id handle followers influenceScore } }', {
        p: author.platform,
        h: author.handle,
      });
      if (!data.influencer) throw new Error(`influencer(${author.platform}, ${author.handle}) came back null`);
      return [];
    },
    options.iterations,
    options.warmup,
  );
  lookups.influencer = exact.timing;
  console.log(`  influencer                 api   median ${fmt(exact.timing.medianMs)} ms  p99 ${fmt(exact.timing.p99Ms)} ms`);

  if (!fields.has('searchInfluencers')) {
    const skipped = { skipped: 'searchInfluencers is not in the schema yet' };
    lookups.searchInfluencersPrefix = skipped;
    lookups.searchInfluencersFuzzy = skipped;
    console.log(`  searchInfluencers: skipped, the schema has no such field yet`);
    return lookups;
  }
  const search = (queries: string[]) => {
    const nextQuery = cycle(queries);
    return async (): Promise<Answer> => {
      const data = await graphql(apiUrl, key, 'query ($q: String!) { searchInfluencers(query: $q, first: 20) { id platform handle followers } }', { q: nextQuery() });
      if (!Array.isArray(data.searchInfluencers)) throw new Error('searchInfluencers did not return a list');
      return [];
    };
  };
  // what a person types: the start of a handle, or the whole handle with two letters swapped
  const prefixes = sample.map((author) => author.handle.toLowerCase().slice(0, 4));
  const typos = sample.map((author) => {
    const h = author.handle.toLowerCase();
    const i = Math.max(1, Math.floor(h.length / 2));
    return h.length < 4 ? h : `${h.slice(0, i - 1)}${h[i]}${h[i - 1]}${h.slice(i + 1)}`;
  });
  for (const [name, queries] of [
    ['searchInfluencersPrefix', prefixes],
    ['searchInfluencersFuzzy', typos],
  ] as const) {
    const result = await time(search(queries), options.iterations, options.warmup);
    lookups[name] = result.timing;
    console.log(`  ${name.padEnd(26)} api   median ${fmt(result.timing.medianMs)} ms  p99 ${fmt(result.timing.p99Ms)} ms`);
  }
  return lookups;
}

// --------------------------------------------------------------------------------------------- http

async function graphql(url: string, key: string | null, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  // a response counts only when it has data and no errors
  if (!response.ok || (body.errors && body.errors.length > 0) || !body.data) {
    throw new Error(`GraphQL ${response.status} from ${url}: ${JSON.stringify(body.errors ?? body).slice(0, 1000)}`);
  }
  return body.data;
}

async function rootFields(url: string, key: string): Promise<Set<string>> {
  const data = await graphql(url, key, '{ __schema { queryType { fields { name } } } }', {});
  const schema = data.__schema as { queryType: { fields: Array<{ name: string }> } };
  return new Set(schema.queryType.fields.map((field) => field.name));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// ------------------------------------------------------------------------------------------ compare

function fieldName(metric: MetricName): string {
  return metric.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function fromFields(object: Record<string, unknown>, metrics: readonly MetricName[]): Partial<Record<MetricName, number | null>> {
  return Object.fromEntries(metrics.map((metric) => [metric, (object[fieldName(metric)] as number | null) ?? null]));
}

/** A local timestamp (timestamp without time zone, parsed by pg as local time) as a sortable key. */
function localKey(value: unknown): string {
  return value instanceof Date ? String(value.getTime()) : String(value);
}

/**
 * 'ok' when the answers have the same groups in the same multiset of values (counts exact, sums within 1e-6
 * relative: float8 in raw and peer, numeric in the rollups). Groups are matched by their order of values
 * where the ways name buckets differently (UTC instants vs local times).
 */
function compareAnswers(answer: Answer, reference: Answer): string {
  if (answer.length !== reference.length) return `${answer.length} groups, floor has ${reference.length}`;
  const signature = (values: Partial<Record<MetricName, number | null>>) => `${values.VOLUME ?? ''}|${Math.round(Number(values.REACH ?? 0))}|${values.NEGATIVE ?? ''}`;
  const sort = (rows: Answer) => [...rows].sort((a, b) => signature(a.values).localeCompare(signature(b.values)));
  const a = sort(answer);
  const b = sort(reference);
  for (let i = 0; i < a.length; i += 1) {
    for (const [metric, expected] of Object.entries(b[i]!.values) as Array<[MetricName, number | null]>) {
      const actual = a[i]!.values[metric];
      if (actual === undefined) continue;
      if ((actual === null) !== (expected === null)) return `${metric} ${actual} vs ${expected}`;
      if (actual === null || expected === null) continue;
      const difference = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
      if (difference > 1e-6) return `${metric} ${actual} vs ${expected} in group ${a[i]!.key}`;
    }
  }
  return 'ok';
}

// ------------------------------------------------------------------------------------------- report

interface Report {
  benchmark: 'query';
  date: string;
  machine: { cpus: number; node: string };
  options: Omit<Options, 'sizes'> & { sizes: number[] };
  notes: string[];
  sizes: Array<
    SizeResult & {
      ratios: Record<CaseName, { floorMs: number | null; floorFrom: string | null; apiToFloor: number | null; apiToRollupFloor: number | null; rawToApi: number | null; peerToApi: number | null }>;
    }
  >;
  scaling: Record<string, { api: number | null; floor: number | null; slots: number | null; raw: number | null; peer: number | null }> | null;
  goals: Array<{ goal: string; met: boolean | null; detail: string }>;
}

function buildReport(results: SizeResult[], options: Options): Report {
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? round2(a / b) : null);
  const sizes = results.map((result) => ({
    ...result,
    ratios: Object.fromEntries(
      CASES.map((name) => {
        const c = result.cases[name];
        // the floor is the faster of the two rollup tables that answer the question
        const floor = [c.floor && { ms: c.floor.medianMs, from: name.startsWith('kpiTable') ? 'mention_day_rollups + mention_hour_rollups' : 'mention_rollups' }, c.slots && { ms: c.slots.medianMs, from: 'mention_slot_totals' }]
          .filter((candidate): candidate is { ms: number; from: string } => Boolean(candidate))
          .sort((a, b) => a.ms - b.ms)[0];
        return [
          name,
          {
            floorMs: floor?.ms ?? null,
            floorFrom: floor?.from ?? null,
            apiToFloor: ratio(c.api?.medianMs, floor?.ms),
            apiToRollupFloor: ratio(c.api?.medianMs, c.floor?.medianMs),
            rawToApi: ratio(c.raw?.medianMs, c.api?.medianMs),
            peerToApi: ratio(c.peer?.medianMs, c.api?.medianMs),
          },
        ];
      }),
    ) as Report['sizes'][number]['ratios'],
  }));
  const smallest = sizes[0];
  const largest = sizes.at(-1);
  let scaling: Report['scaling'] = null;
  if (smallest && largest && largest !== smallest) {
    scaling = {};
    for (const name of CASES) {
      const pick = (way: Way) => ratio(largest.cases[name][way]?.medianMs, smallest.cases[name][way]?.medianMs);
      scaling[name] = { api: pick('api'), floor: pick('floor'), slots: pick('slots'), raw: pick('raw'), peer: pick('peer') };
    }
    for (const name of Object.keys(largest.lookups)) {
      const big = largest.lookups[name];
      const small = smallest.lookups[name];
      if (big && small && 'medianMs' in big && 'medianMs' in small) scaling[name] = { api: ratio(big.medianMs, small.medianMs), floor: null, slots: null, raw: null, peer: null };
    }
  }

  const goals: Report['goals'] = [];
  const every = (values: Array<number | null>, test: (value: number) => boolean) =>
    values.some((value) => value === null) || values.length === 0 ? null : values.every((value) => test(value!));
  for (const size of sizes) {
    const apiToFloor = CASES.map((name) => size.ratios[name].apiToFloor).filter((value) => value !== null);
    goals.push({
      goal: `API ≤ 2× the rollup SQL floor (the faster rollup table) at ${shortCount(size.mentions)}`,
      met: every(apiToFloor, (value) => value <= 2),
      detail: CASES.map((name) => `${name} ${size.ratios[name].apiToFloor ?? '—'}×`).join(', '),
    });
    const peer = (['kpis', 'timeSeriesHour', 'kpiTablePlatformSentiment'] as CaseName[]).map((name) => size.ratios[name].peerToApi);
    goals.push({
      goal: `faster than the PostGraphile peer at ${shortCount(size.mentions)}`,
      met: every(peer, (value) => value > 1),
      detail: `peer/API: kpis ${peer[0] ?? '—'}×, timeSeries ${peer[1] ?? '—'}×, kpiTable ${peer[2] ?? '—'}×`,
    });
  }
  const big = sizes.find((size) => size.mentions >= 10_000_000);
  goals.push({
    goal: '≥ 50× faster than the raw scan at 10M',
    met: big ? every(CASES.map((name) => big.ratios[name].rawToApi), (value) => value >= 50) : null,
    detail: big ? CASES.map((name) => `${name} ${big.ratios[name].rawToApi ?? '—'}×`).join(', ') : 'not measured at 10M in this run',
  });
  goals.push({
    goal: `latency at ${largest ? shortCount(largest.mentions) : '—'} within 1.5× of ${smallest ? shortCount(smallest.mentions) : '—'}`,
    met: scaling ? every(CASES.map((name) => scaling![name]!.api), (value) => value <= 1.5) : null,
    detail: scaling ? CASES.map((name) => `${name} ${scaling![name]!.api ?? '—'}×`).join(', ') : 'needs two sizes in one run',
  });

  return {
    benchmark: 'query',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    options,
    notes: [
      ...(results.some((result) => result.seedRunning) ? ['--while-seeding: a seed was running during the whole run and shared the 2 cores.'] : []),
      'kpis selects every metric field but uniqueAuthors (the one figure that needs a distinct count over mention_author_rollups), and not responseTime/customMetrics; timeSeries and kpiTable metrics are listed in the labels.',
      'Latencies are client-side: request to parsed response (HTTP for api and peer, pg round trip for floor and raw), one request at a time after a warm-up.',
      'floor: the same logical SQL on the rollups (numeric sums): mention_rollups for kpis and timeSeries, the local-date tier without languages and the UTC hour tier for kpiTable; slots: the same on mention_slot_totals where the question needs no platform; API/floor uses the faster of the two; raw: the same figures from mention rows (float8 sums). The API computes ratios in Node; floor/raw/peer ratios are derived by the bench with the same function.',
      'timeSeries: the API is asked with fill ZERO (every hour); the floor, raw and peer return hours with mentions. The peer truncates hours in the database session time zone (UTC), equal to local hours for whole-hour offsets.',
      'peer: PostGraphile v4 + @graphile/pg-aggregates 0.1 + postgraphile-plugin-connection-filter; computed columns mentions_reputation_weight/mentions_weighted_sentiment added for the reputation index; label counts via filtered totalCount (kpis) or distinctCount { id } per group (pg-aggregates 0.1 has no group row count). No peer for the DAY table (it truncates days in UTC, not the organization time zone).',
      'agreement: each way\'s figures compared with the floor (counts exact, sums within 1e-6 relative).',
    ],
    sizes,
    scaling,
    goals,
  };
}

function printTables(report: Report): void {
  for (const size of report.sizes) {
    console.log(
      `\n### ${size.mentions.toLocaleString('en-US')} mentions — ${size.organization.slug} (${size.audienceMentionsInRange.toLocaleString('en-US')} audience mentions in 30 days), ms median / p99\n`,
    );
    console.log('| query | API | floor: rollups (kpiTable: day/hour tiers) | floor: mention_slot_totals | raw scan | PostGraphile peer | API/floor | raw/API | peer/API |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const name of CASES) {
      const c = size.cases[name];
      const cell = (timing: Timing | undefined) => (timing ? `${fmt(timing.medianMs)} / ${fmt(timing.p99Ms)}` : '—');
      const r = size.ratios[name];
      console.log(
        `| ${CASE_LABELS[name]} | ${cell(c.api)} | ${cell(c.floor)} | ${cell(c.slots)} | ${cell(c.raw)} | ${cell(c.peer)} | ${r.apiToFloor ?? '—'} | ${r.rawToApi ?? '—'} | ${r.peerToApi ?? '—'} |`,
      );
    }
    const authorsLabel = `${size.authors.influencers.toLocaleString('en-US')} authors${size.authors.synthetic > 0 ? `, ${size.authors.synthetic.toLocaleString('en-US')} of them synthetic (top-up)` : ''}`;
    for (const [name, value] of Object.entries(size.lookups)) {
      console.log(`| ${name}${name === 'viewerBaseline' ? '' : ` (${authorsLabel})`} | ${'medianMs' in value ? `${fmt(value.medianMs)} / ${fmt(value.p99Ms)}` : value.skipped} | | | | | | | |`);
    }
    const disagreements = CASES.flatMap((name) =>
      Object.entries(size.agreement[name])
        .filter(([, verdict]) => verdict !== 'ok')
        .map(([way, verdict]) => `${name}/${way}: ${verdict}`),
    );
    console.log(`\nfigures agree with the floor: ${disagreements.length === 0 ? 'all' : disagreements.join('; ')}`);
    for (const note of size.notes) console.log(`note: ${note}`);
  }
  if (report.scaling) {
    const [small, big] = [report.sizes[0]!, report.sizes.at(-1)!];
    console.log(`\n### ${shortCount(big.mentions)} / ${shortCount(small.mentions)} median latency\n`);
    console.log('| query | API | floor: rollups | floor: slot totals | raw | peer |\n|---|---:|---:|---:|---:|---:|');
    for (const [name, s] of Object.entries(report.scaling)) {
      console.log(`| ${name} | ${s.api ?? '—'} | ${s.floor ?? '—'} | ${s.slots ?? '—'} | ${s.raw ?? '—'} | ${s.peer ?? '—'} |`);
    }
  }
  console.log('\n### goals\n\n| goal | met | detail |\n|---|---|---|');
  for (const goal of report.goals) console.log(`| ${goal.goal} | ${goal.met === null ? 'n/a' : goal.met ? 'yes' : 'no'} | ${goal.detail} |`);
}

// ------------------------------------------------------------------------------------------- helpers

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function shortCount(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function whole(value: string, flag: string, min: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new UsageError(`${flag} is a whole number ≥ ${min} (got "${value}").`);
  return number;
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const known = error instanceof UsageError;
  console.error(known ? `bench:query: ${(error as Error).message}` : error);
  process.exit(known ? 2 : 1);
});
