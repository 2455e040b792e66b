/**
 * npm run bench:load -- [--seconds 300] [--warmup <s>] [--subscribers 1000] [--organizations 4] [--seed-mentions 20000]
 *                       [--bi-clients 4] [--bi-think 200] [--ingest-every 1000] [--batch 100] [--from-source] [--keep-database]
 *
 * A mixed load on one server process for --seconds, all of it over loopback:
 *   server       `npm run build`, then `node dist/src/main.js` as a child process (as `npm start` runs it; --from-source
 *                runs src/main.ts through tsx instead), on a fresh database crisis_bench_load (BENCH_DATABASE_URL's
 *                server, or an embedded PostgreSQL), seeded first with --seed-mentions generated mentions of
 *                --organizations organizations over the 30 days before the run (src/seed, the same code as npm run seed)
 *   BI           --bi-clients clients, each in turn asking kpis (every metric but uniqueAuthors), timeSeries (HOUR
 *                over 30 days, 5 metrics) and kpiTable ([TIME (DAY), PLATFORM], 6 metrics) of the organizations in
 *                turn, waiting --bi-think ms between answers
 *   ingestion    one ingestMentions batch of --batch generated mentions (src/seed text and authors, new external
 *                ids, posted in the last 10 minutes) every --ingest-every ms, to the organizations in turn
 *   live         --subscribers graphql-transport-ws sockets (one subscription each) spread over the topics of every
 *                organization: volumeChanged and sentimentChanged over 5 windows each, and alertRaised
 *   every second GET /metrics with METRICS_TOKEN: the server's resident set, V8 heap, event-loop delay (prom-client's
 *                monitorEventLoopDelay percentiles since the previous scrape), live subscribers and pool; and what
 *                the clients saw in that second: requests, errors, latencies, messages
 * Goals: no errors anywhere; no memory growth after --warmup seconds (default a fifth of the run, at most 60):
 * the least-squares slope of RSS and heap over the rest, the medians of its first and last minute, and the
 * slope through each whole minute's lowest reading (the heap after collection), which decides "flat".
 * Results: bench/results/load-<time>-<seconds>s.json and a table on stdout. The bench, the server and PostgreSQL
 * share the machine, so client-side latencies include the bench's own work.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import WebSocket from 'ws';
import { METRICS, metricFieldName, type MetricName } from '../src/analytics/metrics';
import { createDataSource } from '../src/db/data-source';
import { QueryLogger } from '../src/db/query-logger';
import { defaultCorpusDirectory, loadCorpus } from '../src/seed/corpus';
import { createAuthorPools, generateMentions } from '../src/seed/generate';
import { planSeed } from '../src/seed/plan';
import { seedDatabase } from '../src/seed/seed-database';
import { benchServer, closeSockets, dropDatabases, freshDatabase, median, percentile, residentBytes, startServerProcess } from './support';

const ADMIN_KEY = 'bench-admin-key-0123456789-abcdef';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const DATABASE = 'crisis_bench_load';
const DAY_MS = 86_400_000;
const CONNECT_CONCURRENCY = 50;
const MAX_INGEST_IN_FLIGHT = 10;
const MENTION_POOL = 2_000;
const WINDOWS = [600, 1800, 3600, 7200, 86_400];

const KPI_METRICS: MetricName[] = METRICS.filter((metric) => metric !== 'UNIQUE_AUTHORS');
const SERIES_METRICS: MetricName[] = ['VOLUME', 'AVERAGE_SENTIMENT', 'NEGATIVE', 'REACH', 'REPUTATION_INDEX'];
const TABLE_METRICS: MetricName[] = ['VOLUME', 'AVERAGE_SENTIMENT', 'NEGATIVE_SHARE', 'REACH', 'ENGAGEMENT', 'REPUTATION_INDEX'];
const fields = (metrics: MetricName[]) => metrics.map(metricFieldName).join(' ');

type Question = 'kpis' | 'timeSeries' | 'kpiTable';
const QUESTIONS: Record<Question, string> = {
  kpis: `query LoadKpis($scope: ScopeInput!, $range: TimeRangeInput!) { kpis(scope: $scope, range: $range) { ${fields(KPI_METRICS)} } }`,
  timeSeries: `query LoadTimeSeries($scope: ScopeInput!, $range: TimeRangeInput!) {
    timeSeries(scope: $scope, range: $range, granularity: HOUR, metrics: [${SERIES_METRICS.join(', ')}]) { points { bucket ${fields(SERIES_METRICS)} } } }`,
  kpiTable: `query LoadKpiTable($scope: ScopeInput!, $range: TimeRangeInput!) {
    kpiTable(scope: $scope, range: $range, groupBy: [TIME, PLATFORM], granularity: DAY, metrics: [${TABLE_METRICS.join(', ')}], first: 10000) {
      totalCount rows { bucket platform ${fields(TABLE_METRICS)} } } }`,
};
const INGEST = 'mutation LoadIngest($org: ID!, $m: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $m) { accepted inserted rejected } }';
const LIVE = {
  volumeChanged: 'subscription LoadVolume($org: ID!, $w: Int!) { volumeChanged(organizationId: $org, windowSeconds: $w) { organizationId windowSeconds at volume previousVolume change } }',
  sentimentChanged:
    'subscription LoadSentiment($org: ID!, $w: Int!) { sentimentChanged(organizationId: $org, windowSeconds: $w) { organizationId at volume averageSentiment negative negativeShare netSentiment } }',
  alertRaised: 'subscription LoadAlerts($org: ID!) { alertRaised(organizationId: $org) { id kind severity bucket value expected } }',
};
type LiveField = keyof typeof LIVE;

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- options

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    warmup: { type: 'string' },
    subscribers: { type: 'string', default: '1000' },
    organizations: { type: 'string', default: '4' },
    'seed-mentions': { type: 'string', default: '20000' },
    'bi-clients': { type: 'string', default: '4' },
    'bi-think': { type: 'string', default: '200' },
    'ingest-every': { type: 'string', default: '1000' },
    batch: { type: 'string', default: '100' },
    'from-source': { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
  },
});

function whole(value: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new Error(`${name}: a whole number from ${min} to ${max} (got "${value}")`);
  return number;
}

const seconds = whole(values.seconds!, '--seconds', 10);
const warmup = values.warmup === undefined ? Math.min(60, Math.floor(seconds / 5)) : whole(values.warmup, '--warmup', 0, seconds - 10);
const subscriberCount = whole(values.subscribers!, '--subscribers', 0);
const organizationCount = whole(values.organizations!, '--organizations', 1, 50);
const seedMentions = whole(values['seed-mentions']!, '--seed-mentions', organizationCount);
const biClients = whole(values['bi-clients']!, '--bi-clients', 0);
const biThinkMs = whole(values['bi-think']!, '--bi-think', 0);
const ingestEveryMs = whole(values['ingest-every']!, '--ingest-every', 10);
const batchSize = whole(values.batch!, '--batch', 1, 5000);

// ---------------------------------------------------------------- what the clients see, per second

interface Window {
  bi: Record<Question, number[]>;
  biErrors: number;
  ingestCalls: number;
  ingestErrors: number;
  mentions: number;
  ingestMs: number[];
  messages: number;
  liveErrors: number;
}

const newWindow = (): Window => ({ bi: { kpis: [], timeSeries: [], kpiTable: [] }, biErrors: 0, ingestCalls: 0, ingestErrors: 0, mentions: 0, ingestMs: [], messages: 0, liveErrors: 0 });
let current = newWindow();
let measuring = false;
const all = { bi: { kpis: [] as number[], timeSeries: [] as number[], kpiTable: [] as number[] }, ingestMs: [] as number[] };
const errorSamples: string[] = [];

function noteError(what: string): void {
  if (errorSamples.length < 10) errorSamples.push(what.slice(0, 400));
}

// ---------------------------------------------------------------- HTTP

let apiUrl = '';

async function graphql(key: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any> | null; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 400)}`);
  return body.data;
}

/** The server's samples by name (series of one name summed over their labels). */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(apiUrl.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const sums = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match) sums.set(match[1]!, (sums.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return sums;
}

// ---------------------------------------------------------------- BI clients and ingestion

async function biClient(index: number, key: string, organizations: string[], range: { from: string; to: string }, until: number): Promise<void> {
  const kinds = Object.keys(QUESTIONS) as Question[];
  for (let turn = index; now() < until; turn += 1) {
    const kind = kinds[turn % kinds.length]!;
    const started = now();
    try {
      await graphql(key, QUESTIONS[kind], { scope: { organizationId: organizations[turn % organizations.length] }, range });
      const ms = now() - started;
      if (measuring) {
        current.bi[kind].push(ms);
        all.bi[kind].push(ms);
      }
    } catch (error) {
      if (measuring) current.biErrors += 1;
      noteError(`${kind}: ${String(error)}`);
    }
    if (biThinkMs > 0) await sleep(biThinkMs);
  }
}

function mentionPool(): Array<Record<string, unknown>> {
  const plan = planSeed({ mentions: MENTION_POOL, organizations: 1, seed: 2, days: 1, end: new Date() });
  const corpus = loadCorpus(defaultCorpusDirectory(process.cwd()));
  const pool: Array<Record<string, unknown>> = [];
  for (const mention of generateMentions(plan, plan.organizations[0]!, corpus, [], createAuthorPools(plan))) {
    const { incidentId: _dropped, ...rest } = mention as typeof mention & { incidentId?: string };
    pool.push(rest);
  }
  return pool;
}

async function ingestSteadily(key: string, organizations: string[], until: number): Promise<void> {
  const pool = mentionPool();
  let sequence = 0;
  const inFlight = new Set<Promise<void>>();
  const started = now();
  for (let call = 0; now() < until; call += 1) {
    const mentions = Array.from({ length: batchSize }, () => {
      sequence += 1;
      return { ...pool[sequence % pool.length], externalId: `load-${sequence}`, postedAt: new Date(Date.now() - Math.floor(Math.random() * 600_000)).toISOString() };
    });
    const sent = now();
    const request = graphql(key, INGEST, { org: organizations[call % organizations.length], m: mentions })
      .then((data) => {
        const result = data.ingestMentions as { accepted: number; inserted: number; rejected: number };
        if (result.rejected > 0) noteError(`ingestMentions rejected ${result.rejected} of ${mentions.length}`);
        if (!measuring) return;
        current.ingestCalls += 1;
        current.mentions += result.inserted;
        if (result.rejected > 0) current.ingestErrors += 1;
        current.ingestMs.push(now() - sent);
        all.ingestMs.push(now() - sent);
      })
      .catch((error: unknown) => {
        if (measuring) current.ingestErrors += 1;
        noteError(`ingestMentions: ${String(error)}`);
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    // a server that falls behind gets fewer batches, not an ever longer queue
    if (inFlight.size >= MAX_INGEST_IN_FLIGHT) await Promise.race(inFlight);
    const wait = started + (call + 1) * ingestEveryMs - now();
    if (wait > 0) await sleep(Math.min(wait, until - now()));
  }
  await Promise.all(inFlight);
}

// ---------------------------------------------------------------- live subscribers (graphql-transport-ws over raw ws)

const sockets: WebSocket[] = [];
let closing = false;
const liveTotals = { messages: 0, errors: 0, unexpectedCloses: 0, completes: 0, byField: { volumeChanged: 0, sentimentChanged: 0, alertRaised: 0 } as Record<LiveField, number> };

function openSubscriber(wsUrl: string, key: string, field: LiveField, variables: Record<string, unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false, handshakeTimeout: 30_000 });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    const liveError = (what: string) => {
      liveTotals.errors += 1;
      if (measuring) current.liveErrors += 1;
      noteError(`${field}: ${what}`);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: any };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE[field], variables } }));
        // alerts send nothing until one is raised; the feeds send their current value at once
        if (field === 'alertRaised') settle();
      } else if (message.type === 'next') {
        if (message.payload?.errors?.length || !message.payload?.data?.[field]) liveError(JSON.stringify(message.payload).slice(0, 300));
        liveTotals.messages += 1;
        liveTotals.byField[field] += 1;
        if (measuring) current.messages += 1;
        settle();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error') {
        liveError(JSON.stringify(message.payload).slice(0, 300));
        settle(new Error(`subscription refused: ${JSON.stringify(message.payload)}`));
      } else if (message.type === 'complete') {
        liveTotals.completes += 1;
        liveError('completed by the server');
      }
    });
    socket.on('close', (code, reason) => {
      if (closing) return;
      liveTotals.unexpectedCloses += 1;
      liveError(`socket closed ${code} ${reason.toString()}`);
      settle(new Error(`socket closed ${code} ${reason.toString()}`));
    });
    socket.on('error', (error) => settle(error));
    sockets.push(socket);
  });
}

async function openSubscribers(wsUrl: string, key: string, organizations: string[]): Promise<Record<LiveField, number>> {
  const topics: Array<{ field: LiveField; variables: Record<string, unknown> }> = [];
  for (const org of organizations) {
    for (const w of WINDOWS) topics.push({ field: 'volumeChanged', variables: { org, w } }, { field: 'sentimentChanged', variables: { org, w } });
    topics.push({ field: 'alertRaised', variables: { org } });
  }
  const spread: Record<LiveField, number> = { volumeChanged: 0, sentimentChanged: 0, alertRaised: 0 };
  let next = 0;
  const worker = async () => {
    while (next < subscriberCount) {
      const topic = topics[next % topics.length]!;
      next += 1;
      spread[topic.field] += 1;
      await openSubscriber(wsUrl, key, topic.field, topic.variables);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, subscriberCount) }, worker));
  return spread;
}

async function closeSubscribers(): Promise<void> {
  closing = true;
  await closeSockets(sockets);
  sockets.length = 0;
}

// ---------------------------------------------------------------- figures

interface Sample {
  t: number;
  server: {
    rssMiB: number;
    procRssMiB: number | null;
    heapUsedMiB: number;
    heapTotalMiB: number;
    externalMiB: number;
    eventLoopP50Ms: number;
    eventLoopP99Ms: number;
    eventLoopMaxMs: number;
    liveSubscribers: number;
    liveTopics: number;
    poolClients: number;
    poolIdle: number;
    poolWaiting: number;
    httpRequests: number;
    graphqlErrors: number;
    mentionsInserted: number;
  } | null;
  clients: {
    biRequests: number;
    biErrors: number;
    biP50Ms: number | null;
    biP99Ms: number | null;
    ingestCalls: number;
    ingestErrors: number;
    mentions: number;
    messages: number;
    liveErrors: number;
  };
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

function memoryTrend(samples: Sample[], read: (s: NonNullable<Sample['server']>) => number) {
  const points = samples.filter((s) => s.server && s.t >= warmup).map((s) => [s.t, read(s.server!)] as [number, number]);
  if (points.length < 4) return null;
  const start = points[0]![0];
  const span = points[points.length - 1]![0] - start;
  const edge = Math.min(60, span / 4);
  const first = points.filter(([t]) => t <= start + edge).map(([, y]) => y);
  const last = points.filter(([t]) => t >= start + span - edge).map(([, y]) => y);
  const perSecond = slope(points);
  // The lowest reading of each whole minute: for the V8 heap, about what survives a full collection, without the
  // sawtooth between collections (a straight line through a few teeth depends on where they start and end); under
  // this load a full collection comes about once a minute, so 30-s windows often hold none. A minute counts when
  // at least 45 of its seconds have a reading: a partial last one would hold a single high value.
  const minutes = new Map<number, { y: number; n: number }>();
  for (const [t, y] of points) {
    const minute = minutes.get(Math.floor((t - start) / 60));
    if (minute) {
      minute.n += 1;
      minute.y = Math.min(minute.y, y);
    } else minutes.set(Math.floor((t - start) / 60), { y, n: 1 });
  }
  const lowest = [...minutes.entries()].filter(([, m]) => m.n >= 45).map(([index, m]) => [index * 60, m.y] as [number, number]);
  const lowestPerSecond = lowest.length >= 2 ? slope(lowest) : NaN;
  const lowestGrowth = lowest.length >= 2 ? lowestPerSecond * (lowest[lowest.length - 1]![0] - lowest[0]![0]) : NaN;
  return {
    samples: points.length,
    fromSecond: start,
    edgeSeconds: round1(edge),
    firstMedianMiB: round1(median(first)),
    lastMedianMiB: round1(median(last)),
    maxMiB: round1(Math.max(...points.map(([, y]) => y))),
    slopeMiBPerMinute: round2(perSecond * 60),
    minuteLowestMiB: lowest.map(([, y]) => round1(y)),
    minuteLowestSlopeMiBPerMinute: round2(lowestPerSecond * 60),
    // flat: the line through the minutes' lowest readings rises less than 10 % of the first one over the period
    flat: lowest.length >= 2 && lowestGrowth < 0.1 * lowest[0]![1],
  };
}

function latency(values: number[]) {
  return values.length === 0 ? null : { count: values.length, p50: round1(percentile(values, 50)), p99: round1(percentile(values, 99)), max: round1(Math.max(...values)) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const mib = (bytes: number) => round1(bytes / 2 ** 20);

// ---------------------------------------------------------------- the run

async function main(): Promise<void> {
  const server = await benchServer();
  let api: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await closeSubscribers().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    if (!values['keep-database']) await dropDatabases(server.url, [DATABASE]).catch((error: unknown) => console.error('could not drop', DATABASE, error));
    await server.stop();
  };
  process.once('SIGINT', () => {
    console.error('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const from = values['from-source'] ? 'source' : 'build';
    if (from === 'build') {
      console.log('npm run build …');
      const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }

    const databaseUrl = await freshDatabase(server.url, DATABASE);
    const seedEnd = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const range = { from: new Date(seedEnd.getTime() - 30 * DAY_MS).toISOString(), to: seedEnd.toISOString() };
    console.log(`seeding ${seedMentions.toLocaleString('en-US')} mentions of ${organizationCount} organizations over ${range.from} → ${range.to} …`);
    // the seed's bulk statements are slow by design: no slow-query lines
    const seeding = createDataSource({ url: databaseUrl, poolSize: 4, statementTimeoutMs: 600_000, logger: new QueryLogger(pino({ level: 'silent' }), 600_000) });
    await seeding.initialize();
    const seedStarted = now();
    const seeded = await seedDatabase(seeding, {
      mentions: seedMentions,
      organizations: organizationCount,
      seed: 1,
      days: 30,
      end: seedEnd,
      corpusDirectory: defaultCorpusDirectory(process.cwd()),
      concurrency: 2,
    }).finally(() => seeding.destroy());
    if (seeded.progress.rejected > 0) throw new Error(`the seed rejected ${seeded.progress.rejected} mentions: ${JSON.stringify(seeded.errors.slice(0, 3))}`);
    console.log(`seeded in ${round1((now() - seedStarted) / 1000)} s`);
    const organizations = seeded.organizations.map((organization) => organization.id);

    api = await startServerProcess(
      {
        DATABASE_URL: databaseUrl,
        ADMIN_API_KEY: ADMIN_KEY,
        METRICS_TOKEN,
        // the load is one tenant's worth of clients per key; the limiter still runs on every request
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      from,
    );
    apiUrl = api.url.replace('localhost', '127.0.0.1');
    const serverPid = api.child.pid!;
    console.log(`server ${apiUrl} (pid ${serverPid}, ${from === 'build' ? 'node dist/src/main.js' : 'tsx src/main.ts'})`);
    const keyFor = async (name: string, scopes: string) =>
      (await graphql(ADMIN_KEY, `mutation ($orgs: [ID!]!) { createApiKey(input: { name: "${name}", organizationIds: $orgs, scopes: [${scopes}] }) { secret } }`, { orgs: organizations }))
        .createApiKey.secret as string;
    const biKey = await keyFor('bench load BI', 'READ');
    const ingestKey = await keyFor('bench load ingest', 'INGEST');
    const liveKey = await keyFor('bench load live', 'READ');

    const connectStarted = now();
    const spread = await openSubscribers(apiUrl.replace(/^http/, 'ws'), liveKey, organizations);
    const connected = await scrape();
    console.log(
      `${subscriberCount} subscribers in ${round1((now() - connectStarted) / 1000)} s (${spread.volumeChanged} volumeChanged, ${spread.sentimentChanged} sentimentChanged, ${spread.alertRaised} alertRaised); ` +
        `server reports ${connected.get('crisis_live_subscribers')} subscribers on ${connected.get('crisis_live_topics')} topics`,
    );

    // the load
    const samples: Sample[] = [];
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    await scrape(); // resets the server's event-loop histogram: the first sample covers the first second only
    const started = now();
    const until = started + seconds * 1000;
    measuring = true;
    benchLoop.enable();
    console.log(`load for ${seconds} s (warm-up ${warmup} s): ${biClients} BI clients, a batch of ${batchSize} every ${ingestEveryMs} ms, ${subscriberCount} subscribers`);
    const load = Promise.all([
      ...Array.from({ length: biClients }, (_, i) => biClient(i, biKey, organizations, range, until)),
      ingestSteadily(ingestKey, organizations, until),
    ]);
    let previous: Map<string, number> | null = null;
    let scraping = false;
    const tick = async () => {
      const closed = current;
      current = newWindow();
      const t = Math.round((now() - started) / 1000);
      const biAll = [...closed.bi.kpis, ...closed.bi.timeSeries, ...closed.bi.kpiTable];
      const sample: Sample = {
        t,
        server: null,
        clients: {
          biRequests: biAll.length,
          biErrors: closed.biErrors,
          biP50Ms: biAll.length ? round1(percentile(biAll, 50)) : null,
          biP99Ms: biAll.length ? round1(percentile(biAll, 99)) : null,
          ingestCalls: closed.ingestCalls,
          ingestErrors: closed.ingestErrors,
          mentions: closed.mentions,
          messages: closed.messages,
          liveErrors: closed.liveErrors,
        },
      };
      samples.push(sample);
      if (scraping) return; // the previous scrape is still out: this second has no server reading
      scraping = true;
      try {
        const m = await scrape();
        const delta = (name: string) => (previous ? (m.get(name) ?? 0) - (previous.get(name) ?? 0) : 0);
        const procRss = residentBytes(serverPid);
        sample.server = {
          rssMiB: mib(m.get('process_resident_memory_bytes') ?? NaN),
          procRssMiB: procRss === null ? null : mib(procRss),
          heapUsedMiB: mib(m.get('nodejs_heap_size_used_bytes') ?? NaN),
          heapTotalMiB: mib(m.get('nodejs_heap_size_total_bytes') ?? NaN),
          externalMiB: mib(m.get('nodejs_external_memory_bytes') ?? NaN),
          eventLoopP50Ms: round1((m.get('nodejs_eventloop_lag_p50_seconds') ?? NaN) * 1000),
          eventLoopP99Ms: round1((m.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000),
          eventLoopMaxMs: round1((m.get('nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000),
          liveSubscribers: m.get('crisis_live_subscribers') ?? NaN,
          liveTopics: m.get('crisis_live_topics') ?? NaN,
          poolClients: m.get('crisis_db_pool_clients') ?? NaN,
          poolIdle: m.get('crisis_db_pool_idle_clients') ?? NaN,
          poolWaiting: m.get('crisis_db_pool_waiting_requests') ?? NaN,
          httpRequests: delta('crisis_http_requests_total'),
          graphqlErrors: delta('crisis_graphql_errors_total'),
          mentionsInserted: delta('crisis_ingest_mentions_total'),
        };
        previous = m;
      } catch (error) {
        noteError(`scrape: ${String(error)}`);
      } finally {
        scraping = false;
      }
      if (t % 30 === 0 && sample.server) {
        console.log(
          `${String(t).padStart(4)} s  RSS ${sample.server.rssMiB} MiB  heap ${sample.server.heapUsedMiB} MiB  loop p99 ${sample.server.eventLoopP99Ms} ms  ` +
            `BI ${sample.clients.biRequests}/s  mentions ${sample.clients.mentions}/s  messages ${sample.clients.messages}/s  errors ${sample.clients.biErrors + sample.clients.ingestErrors + sample.clients.liveErrors}`,
        );
      }
    };
    const timer = setInterval(() => void tick(), 1000);
    await load;
    clearInterval(timer);
    await tick();
    measuring = false;
    benchLoop.disable();
    const finalMetrics = await scrape();

    // ---------------------------------------------------------------- summary
    const withServer = samples.filter((s) => s.server);
    const sum = (read: (s: Sample) => number) => samples.reduce((total, s) => total + read(s), 0);
    const totals = {
      biRequests: sum((s) => s.clients.biRequests),
      biErrors: sum((s) => s.clients.biErrors),
      ingestCalls: sum((s) => s.clients.ingestCalls),
      ingestErrors: sum((s) => s.clients.ingestErrors),
      mentions: sum((s) => s.clients.mentions),
      messages: sum((s) => s.clients.messages),
      liveErrors: liveTotals.errors,
      unexpectedCloses: liveTotals.unexpectedCloses,
      serverGraphqlErrorsDuringLoad: (finalMetrics.get('crisis_graphql_errors_total') ?? 0) - (connected.get('crisis_graphql_errors_total') ?? 0),
    };
    const errors = totals.biErrors + totals.ingestErrors + totals.liveErrors + totals.serverGraphqlErrorsDuringLoad;
    const loopP99 = withServer.map((s) => s.server!.eventLoopP99Ms);
    const summary = {
      errors,
      totals,
      ratesPerSecond: {
        biRequests: round1(totals.biRequests / seconds),
        mentions: round1(totals.mentions / seconds),
        messages: round1(totals.messages / seconds),
        messagesMedianPerSecond: median(samples.map((s) => s.clients.messages)),
      },
      biLatencyMs: { kpis: latency(all.bi.kpis), timeSeries: latency(all.bi.timeSeries), kpiTable: latency(all.bi.kpiTable) },
      ingestLatencyMs: latency(all.ingestMs),
      serverEventLoopDelayMs: {
        p99PerSecondMedian: round1(median(loopP99)),
        p99PerSecondMax: round1(Math.max(...loopP99)),
        maxPerSecondMedian: round1(median(withServer.map((s) => s.server!.eventLoopMaxMs))),
      },
      benchEventLoopDelayMs: { p99: round1(benchLoop.percentile(99) / 1e6), max: round1(benchLoop.max / 1e6) },
      liveSubscribersOnServer: { min: Math.min(...withServer.map((s) => s.server!.liveSubscribers)), max: Math.max(...withServer.map((s) => s.server!.liveSubscribers)) },
      secondsWithoutServerReading: samples.length - withServer.length,
      memoryAfterWarmup: {
        rss: memoryTrend(samples, (s) => s.rssMiB),
        heapUsed: memoryTrend(samples, (s) => s.heapUsedMiB),
        // what V8 has reserved for the heap: RSS follows it when V8 sizes the heap up
        heapTotal: memoryTrend(samples, (s) => s.heapTotalMiB),
      },
    };

    const output = {
      benchmark: 'load',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: round1(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map(round2) },
      settings: {
        seconds,
        warmupSeconds: warmup,
        server: from === 'build' ? 'node dist/src/main.js' : 'tsx src/main.ts',
        database: process.env.BENCH_DATABASE_URL ? `${DATABASE} on BENCH_DATABASE_URL's server` : `${DATABASE} on an embedded PostgreSQL`,
        seed: { mentions: seedMentions, organizations: organizationCount, days: 30, end: range.to },
        bi: { clients: biClients, thinkMs: biThinkMs, questions: { kpis: `${KPI_METRICS.length} metrics, 30 days`, timeSeries: 'HOUR × 30 days, 5 metrics', kpiTable: '[TIME (DAY), PLATFORM], 6 metrics' } },
        ingestion: { batch: batchSize, everyMs: ingestEveryMs, plannedPerSecond: round1((batchSize * 1000) / ingestEveryMs) },
        live: { subscribers: subscriberCount, spread, topicsPerOrganization: WINDOWS.length * 2 + 1, windows: WINDOWS },
        rateLimitPerMinute: 1_000_000,
      },
      summary,
      errorSamples,
      samples,
    };
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    const out = path.join('bench', 'results', `load-${stamp}Z-${seconds}s.json`);
    writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);

    const rss = summary.memoryAfterWarmup.rss;
    const heap = summary.memoryAfterWarmup.heapUsed;
    const lat = (l: ReturnType<typeof latency>) => (l ? `${l.p50} / ${l.p99}` : '–');
    const trend = (m: typeof rss) =>
      m
        ? `${m.firstMedianMiB} → ${m.lastMedianMiB} MiB (medians of the first and last ${m.edgeSeconds} s), slope ${m.slopeMiBPerMinute} MiB/min, max ${m.maxMiB}; ` +
          `each minute's lowest ${m.minuteLowestMiB.join(', ')} (slope ${m.minuteLowestSlopeMiBPerMinute} MiB/min) ${m.flat ? '✔' : '✘'}`
        : '–';
    console.log(`\n${seconds} s of mixed load on one server process (warm-up ${warmup} s), ${os.cpus().length} cores shared by the bench, the server and PostgreSQL\n`);
    console.log('| figure | value |');
    console.log('|---|---|');
    console.log(`| BI requests (${biClients} clients, ${biThinkMs} ms think time) | ${totals.biRequests.toLocaleString('en-US')} (${summary.ratesPerSecond.biRequests}/s), ${totals.biErrors} errors |`);
    console.log(`| kpis / timeSeries HOUR 30 d / kpiTable DAY×PLATFORM, ms p50 / p99 | ${lat(summary.biLatencyMs.kpis)} · ${lat(summary.biLatencyMs.timeSeries)} · ${lat(summary.biLatencyMs.kpiTable)} |`);
    console.log(`| ingestion (${batchSize} every ${ingestEveryMs} ms) | ${totals.mentions.toLocaleString('en-US')} mentions (${summary.ratesPerSecond.mentions}/s) in ${totals.ingestCalls} calls, p50 / p99 ${lat(summary.ingestLatencyMs)} ms, ${totals.ingestErrors} errors |`);
    console.log(`| live subscribers | ${subscriberCount} (server saw ${summary.liveSubscribersOnServer.min}–${summary.liveSubscribersOnServer.max}); ${totals.messages.toLocaleString('en-US')} messages (median ${summary.ratesPerSecond.messagesMedianPerSecond}/s), ${totals.liveErrors} errors, ${totals.unexpectedCloses} sockets lost |`);
    console.log(`| GraphQL errors counted by the server during the load | ${totals.serverGraphqlErrorsDuringLoad} |`);
    console.log(`| server RSS after warm-up | ${trend(rss)} |`);
    console.log(`| server V8 heap used after warm-up | ${trend(heap)} |`);
    console.log(`| server V8 heap reserved (heapTotal) after warm-up | ${trend(summary.memoryAfterWarmup.heapTotal)} |`);
    console.log(`| server event-loop delay p99 per second: median / max | ${summary.serverEventLoopDelayMs.p99PerSecondMedian} / ${summary.serverEventLoopDelayMs.p99PerSecondMax} ms |`);
    console.log(`| bench process event-loop delay p99 / max | ${summary.benchEventLoopDelayMs.p99} / ${summary.benchEventLoopDelayMs.max} ms |`);
    console.log(`\ngoals: no errors ${errors === 0 ? '✔' : `✘ (${errors})`}; memory flat after warm-up (a line through each minute's lowest reading rises < 10 % of the first) RSS ${rss?.flat ? '✔' : '✘'}, heap ${heap?.flat ? '✔' : '✘'}`);
    if (errorSamples.length) console.log(`error samples:\n  ${errorSamples.join('\n  ')}`);
    console.log(`written to ${out}`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
