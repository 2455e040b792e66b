/**
 * npm run bench:subs -- [--subscribers 1000,5000,10000] [--topics 100] [--organizations 10] [--seconds 30]
 *                       [--feed volume|sentiment] [--interval 200] [--batch 10] [--throttle 1000]
 *                       [--per-socket 1] [--bursts 3] [--floor-rounds 5] [--db-settle 11] [--keep-database]
 *
 * Live fan-out on one server process (`src/main.ts`, a child process, fresh database `bench_subs`), with the
 * subscriber counts reached one after another on the same server (1,000, then 4,000 more, …):
 *   subscribers  raw `ws` clients in this process speaking graphql-transport-ws (one subscription per socket
 *                unless --per-socket says otherwise or the open-file limit forces it; UUID subscription ids,
 *                as graphql-ws' client makes them), spread evenly over
 *                --topics topics: --organizations organizations × (topics / organizations) windowSeconds values
 *                (3600, 3660, …) of volumeChanged (or sentimentChanged), the default throttle
 *   ingestion    every --interval ms one ingestMentions batch of --batch mentions (postedAt = now) to the next
 *                organization in turn, through HTTP with the READ+INGEST key the subscribers use
 *   latency      per (commit, subscriber): the time the subscriber first receives a message whose `volume`
 *                includes the commit, minus the time that ingestMentions call returned (every window is an
 *                hour or more, so a window's volume is the organization's running total); a message that
 *                beats the HTTP response counts as 0 and is reported as `beforeResponse`; `fromComputeStartMs` is
 *                the part after the server began recomputing the topic (the update's `at`): query, fan-out, client
 *   memory       median server RSS (/proc of the child) during steady ingestion with N subscribers minus the median
 *                during the same steady ingestion with none (the baseline phase, --seconds long), over N
 *   queries      hub recomputations (GET /live/stats `computations`) and database transactions
 *                (pg_stat_database of bench_subs, minus what the same ingestion costs with no subscriber,
 *                measured first, and the 2-s revoked-key sweep) per dirty (topic, tick) pair seen by the
 *                subscribers (distinct `at` per topic); PostgreSQL's statistics lag up to 10 s, hence the
 *                --db-settle pause before each reading (0 skips the database count)
 *   burst        one batch into every organization at once (after the throttle has passed): every subscriber
 *                gets one update; deliveries/second = N / (last delivery − first ingest call returned), which
 *                holds the other organizations' ingest calls too, and the fan-out rate = N / (last delivery −
 *                first delivery), the part the floor does
 *   floor        a raw `ws` WebSocketServer in a child process broadcasting one pre-serialized message (an
 *                actual API message) to N clients of this process: N / (broadcast ordered → last received)
 * Every message is checked for `errors`. Results: bench/results/subs-<time>-<sizes>.json and a markdown table on
 * stdout. Uses BENCH_DATABASE_URL or an embedded PostgreSQL.
 */
import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import WebSocket from 'ws';
import { databaseUrl as withDatabase } from '../src/db/database-url';
import { benchServer, closeSockets, collectGarbage, dropDatabases, freshDatabase, median, residentBytes, sampleMemory, startServerProcess } from './support';

const ADMIN_KEY = 'bench-admin-key-0123456789-abcdef';
const DATABASE = 'bench_subs';
const CONNECT_CONCURRENCY = 100;
const WAIT_TIMEOUT_MS = 60_000;
const REVOCATION_SWEEP_MS = 2_000;
const CALIBRATION_CALLS = 20;

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- options

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,5000,10000' },
    topics: { type: 'string', default: '100' },
    organizations: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    feed: { type: 'string', default: 'volume' },
    interval: { type: 'string', default: '200' },
    batch: { type: 'string', default: '10' },
    throttle: { type: 'string', default: '1000' },
    'per-socket': { type: 'string', default: '1' },
    bursts: { type: 'string', default: '3' },
    'floor-rounds': { type: 'string', default: '5' },
    'db-settle': { type: 'string', default: '11' },
    'keep-database': { type: 'boolean', default: false },
  },
});
const sizes = values.subscribers
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
const topicCount = Number(values.topics);
const organizationCount = Number(values.organizations);
const seconds = Number(values.seconds);
const feed = values.feed as 'volume' | 'sentiment';
const intervalMs = Number(values.interval);
const batchSize = Number(values.batch);
const throttleMs = Number(values.throttle);
const burstRounds = Number(values.bursts);
const floorRounds = Number(values['floor-rounds']);
const dbSettleMs = Number(values['db-settle']) * 1000;
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--subscribers: positive whole numbers, comma-separated');
if (!Number.isInteger(topicCount) || !Number.isInteger(organizationCount) || topicCount % organizationCount !== 0) {
  throw new Error('--topics must be a multiple of --organizations');
}
if (feed !== 'volume' && feed !== 'sentiment') throw new Error('--feed is volume or sentiment');
const windowsPerOrganization = topicCount / organizationCount;
const maxSubscribers = sizes[sizes.length - 1]!;

// ---------------------------------------------------------------- open-file limit

function openFileLimit(): { soft: number; hard: number } {
  const line = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  const value = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(s));
  return { soft: value(line?.[1]), hard: value(line?.[2]) };
}

/** Raises this process's soft limit to the hard one when the sockets need it (the server child inherits it). */
function ensureOpenFiles(perSocketWanted: number): { perSocket: number; limit: { soft: number; hard: number }; note: string | null } {
  const headroom = 512;
  let limit = openFileLimit();
  const needed = Math.ceil(maxSubscribers / perSocketWanted) + headroom;
  if (limit.soft < needed && limit.hard > limit.soft) {
    try {
      execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${limit.hard}:${limit.hard}`]);
    } catch {
      // left as it was; multiplexing below
    }
    limit = openFileLimit();
  }
  if (limit.soft >= needed) return { perSocket: perSocketWanted, limit, note: null };
  const perSocket = Math.ceil(maxSubscribers / (limit.soft - headroom));
  return { perSocket, limit, note: `open-file limit ${limit.soft}: ${perSocket} subscriptions per socket` };
}

// ---------------------------------------------------------------- shared state

interface Sink {
  latencies: number[];
  fromSend: number[];
  /** Per message that brought news: receipt minus the update's `at` (when the server began recomputing the topic). */
  fromComputed: number[];
  beforeResponse: number;
}

interface Burst {
  expected: number;
  received: number;
  first: number;
  last: number;
  resolve: () => void;
}

interface Commit {
  organization: number;
  /** The organization's running mention total once this batch is in. */
  total: number;
  sentAt: number;
  returnedAt: number | null;
  early: number[];
  sink: Sink;
  burst: Burst | null;
}

interface Subscription {
  id: string;
  topic: number;
  organization: number;
  windowSeconds: number;
  /** Index of the first commit of the organization not yet seen by this subscriber. */
  next: number;
  initialized: boolean;
  onFirst: (() => void) | null;
}

const organizationIds: string[] = [];
const totals: number[] = Array.from({ length: organizationCount }, () => 0);
const commits: Commit[][] = Array.from({ length: organizationCount }, () => []);
const counters = { messages: 0, errors: 0, completes: 0, unexpectedCloses: 0, beyondSent: 0, errorSamples: [] as string[] };
/** Distinct `at` per topic while ticks are being counted (null: not counting). */
let ticksSeen: Array<Set<string>> | null = null;
let ticksSince = 0;

function newSink(): Sink {
  return { latencies: [], fromSend: [], fromComputed: [], beforeResponse: 0 };
}

function reached(commit: Commit, at: number): void {
  commit.sink.fromSend.push(at - commit.sentAt);
  if (commit.returnedAt === null) commit.early.push(at);
  else commit.sink.latencies.push(Math.max(0, at - commit.returnedAt));
  const burst = commit.burst;
  if (burst) {
    burst.received += 1;
    burst.first = Math.min(burst.first, at);
    burst.last = Math.max(burst.last, at);
    if (burst.received === burst.expected) burst.resolve();
  }
}

function onUpdate(subscription: Subscription, update: { at: string; volume: number }, at: number): void {
  const list = commits[subscription.organization]!;
  if (!subscription.initialized) {
    subscription.initialized = true;
    while (subscription.next < list.length && list[subscription.next]!.total <= update.volume) subscription.next += 1;
    subscription.onFirst?.();
    subscription.onFirst = null;
    return;
  }
  if (ticksSeen && Date.parse(update.at) >= ticksSince) ticksSeen[subscription.topic]!.add(update.at);
  if (update.volume > totals[subscription.organization]!) counters.beyondSent += 1;
  let sink: Sink | null = null;
  while (subscription.next < list.length && list[subscription.next]!.total <= update.volume) {
    reached(list[subscription.next]!, at);
    sink = list[subscription.next]!.sink;
    subscription.next += 1;
  }
  sink?.fromComputed.push(Date.now() - Date.parse(update.at));
}

// ---------------------------------------------------------------- GraphQL over HTTP

let apiUrl = '';
let apiKey = '';

async function graphql<T = any>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data!;
}

async function liveStats(): Promise<{ topics: number; subscribers: number; computations: number; queued: number; connections: number; memory: NodeJS.MemoryUsage }> {
  const response = await fetch(apiUrl.replace(/\/graphql$/, '/live/stats'), { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  if (!response.ok) throw new Error(`/live/stats answered ${response.status}`);
  return (await response.json()) as any;
}

let sequence = 0;
const TEXTS = [
  'Flight cancelled again, still waiting for my refund',
  'Great service at the airport today, thanks to the crew',
  'Anyone else stuck at the gate? No information at all',
  'The new app update is actually pretty good',
  'Terrible customer support, three hours on hold',
];

function mentionsBatch(): unknown[] {
  const postedAt = new Date().toISOString();
  return Array.from({ length: batchSize }, () => {
    sequence += 1;
    return {
      platform: 'TWITTER',
      externalId: `bench-${sequence}`,
      text: `${TEXTS[sequence % TEXTS.length]} #${sequence}`,
      postedAt,
      author: { handle: `@bench_user_${sequence % 997}`, followers: 100 + (sequence % 5000) },
    };
  });
}

const INGEST = 'mutation ($org: ID!, $m: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $m) { accepted inserted rejected } }';
const ingestDurations: number[] = [];

/** One batch into an organization; the commit is known (by its running total) before the call goes out. */
async function ingest(organization: number, sink: Sink, burst: Burst | null = null): Promise<Commit> {
  const mentions = mentionsBatch();
  totals[organization]! += mentions.length;
  const commit: Commit = { organization, total: totals[organization]!, sentAt: now(), returnedAt: null, early: [], sink, burst };
  commits[organization]!.push(commit);
  const data = await graphql(apiKey, INGEST, { org: organizationIds[organization], m: mentions });
  commit.returnedAt = now();
  ingestDurations.push(commit.returnedAt - commit.sentAt);
  const result = data.ingestMentions as { accepted: number; inserted: number; rejected: number };
  if (result.inserted !== mentions.length || result.rejected > 0) throw new Error(`ingestMentions: ${JSON.stringify(result)} for ${mentions.length} new mentions`);
  // delivered before the HTTP response came back: no measurable delay
  for (let i = 0; i < commit.early.length; i += 1) sink.latencies.push(0);
  sink.beforeResponse += commit.early.length;
  commit.early = [];
  return commit;
}

/** Batches every `intervalMs` to the organizations in turn, for `durationMs`. */
async function ingestSteadily(durationMs: number, sink: Sink): Promise<number> {
  const started = now();
  const inFlight = new Set<Promise<unknown>>();
  let calls = 0;
  while (now() - started < durationMs) {
    const call = ingest(calls % organizationCount, sink);
    calls += 1;
    const tracked = call.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size > 20) await Promise.race(inFlight);
    const wait = started + calls * intervalMs - now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inFlight);
  return calls;
}

// ---------------------------------------------------------------- subscribers (graphql-transport-ws over raw ws)

const DOCUMENTS = {
  volume: 'subscription Live($org: ID!, $w: Int!) { volumeChanged(organizationId: $org, windowSeconds: $w) { organizationId windowSeconds at volume previousVolume change } }',
  sentiment:
    'subscription Live($org: ID!, $w: Int!) { sentimentChanged(organizationId: $org, windowSeconds: $w) { organizationId windowSeconds at volume averageSentiment positive neutral negative negativeShare netSentiment } }',
};
const FIELD = feed === 'volume' ? 'volumeChanged' : 'sentimentChanged';

const sockets: WebSocket[] = [];
const subscriptions: Subscription[] = [];
let closing = false;
let sampleMessage: string | null = null;
const messageBytes: number[] = [];

function topicOf(index: number): { topic: number; organization: number; windowSeconds: number } {
  const topic = index % topicCount;
  return { topic, organization: topic % organizationCount, windowSeconds: 3600 + Math.floor(topic / organizationCount) * 60 };
}

function openSubscriberSocket(wsUrl: string, wanted: Subscription[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false, handshakeTimeout: 30_000 });
    const byId = new Map(wanted.map((s) => [s.id, s]));
    let waiting = wanted.length;
    let settled = false;
    for (const subscription of wanted) {
      subscription.onFirst = () => {
        waiting -= 1;
        if (waiting === 0 && !settled) {
          settled = true;
          resolve();
        }
      };
    }
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } })));
    socket.on('message', (raw: Buffer) => {
      const at = now();
      const text = raw.toString();
      const message = JSON.parse(text) as { id?: string; type: string; payload?: any };
      if (message.type === 'next') {
        counters.messages += 1;
        if (messageBytes.length < 1000) messageBytes.push(raw.length);
        const subscription = byId.get(message.id!);
        const update = message.payload?.data?.[FIELD];
        if (message.payload?.errors?.length || !subscription || !update) {
          counters.errors += 1;
          if (counters.errorSamples.length < 5) counters.errorSamples.push(text.slice(0, 300));
          return;
        }
        if (subscription.initialized && sampleMessage === null) sampleMessage = text;
        onUpdate(subscription, update, at);
      } else if (message.type === 'connection_ack') {
        for (const s of wanted) socket.send(JSON.stringify({ id: s.id, type: 'subscribe', payload: { query: DOCUMENTS[feed], variables: { org: organizationIds[s.organization], w: s.windowSeconds } } }));
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error') {
        counters.errors += 1;
        if (counters.errorSamples.length < 5) counters.errorSamples.push(text.slice(0, 300));
      } else if (message.type === 'complete') {
        counters.completes += 1;
      }
    });
    socket.on('close', (code, reason) => {
      if (closing) return;
      counters.unexpectedCloses += 1;
      if (counters.errorSamples.length < 5) counters.errorSamples.push(`socket closed ${code} ${reason.toString()}`);
      if (!settled) {
        settled = true;
        reject(new Error(`subscriber socket closed during set-up: ${code} ${reason.toString()}`));
      }
    });
    socket.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    sockets.push(socket);
  });
}

/** Opens sockets until `count` subscriptions have their first value. */
async function growSubscribers(wsUrl: string, count: number, perSocket: number): Promise<number> {
  const started = now();
  const groups: Subscription[][] = [];
  for (let index = subscriptions.length; index < count; ) {
    const group: Subscription[] = [];
    for (let i = 0; i < perSocket && index < count; i += 1, index += 1) {
      const { topic, organization, windowSeconds } = topicOf(index);
      // ids as graphql-ws' own client makes them (UUIDs): a global counter as the id of each socket's only
      // subscription is nothing a client does, and V8 stores numeric keys below ~1,024 in graphql-ws'
      // per-connection subscription table as a dense array as long as the number
      const subscription: Subscription = { id: randomUUID(), topic, organization, windowSeconds, next: 0, initialized: false, onFirst: null };
      subscriptions.push(subscription);
      group.push(subscription);
    }
    groups.push(group);
  }
  const deadline = Math.max(WAIT_TIMEOUT_MS * 3, groups.length * 50);
  await withDeadline(runLimited(groups, CONNECT_CONCURRENCY, (group) => openSubscriberSocket(wsUrl, group)), deadline, 'opening subscribers');
  return now() - started;
}

async function closeSubscribers(): Promise<void> {
  closing = true;
  await closeSockets(sockets);
  sockets.length = 0;
}

// ---------------------------------------------------------------- raw ws floor

const FLOOR_SERVER = `
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 64 * 1024 });
let message = Buffer.alloc(0);
wss.on('listening', () => process.send({ type: 'listening', port: wss.address().port }));
process.on('message', (m) => {
  if (m.type === 'message') message = Buffer.from(m.text);
  else if (m.type === 'broadcast') {
    const started = performance.now();
    for (const client of wss.clients) client.send(message, { binary: false });
    process.send({ type: 'sent', clients: wss.clients.size, sendMs: performance.now() - started });
  } else if (m.type === 'stop') {
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
  }
});
`;

interface FloorRound {
  expected: number;
  received: number;
  last: number;
  resolve: () => void;
}

class Floor {
  private child: ChildProcess | null = null;
  private port = 0;
  private readonly clients: WebSocket[] = [];
  private round: FloorRound | null = null;
  private sendMs: number[] = [];

  async start(message: string): Promise<void> {
    const child = spawn(process.execPath, ['-e', FLOOR_SERVER], { cwd: process.cwd(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: any) => (m.type === 'listening' ? resolve(m.port) : reject(new Error(String(m)))));
      child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
    });
    child.on('message', (m: any) => {
      if (m.type === 'sent') this.sendMs.push(m.sendMs);
    });
    child.send({ type: 'message', text: message });
  }

  get pid(): number {
    return this.child!.pid!;
  }

  async grow(count: number): Promise<void> {
    const wanted = Array.from({ length: count - this.clients.length }, (_, i) => i);
    await withDeadline(
      runLimited(wanted, CONNECT_CONCURRENCY, () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${this.port}/`, { perMessageDeflate: false, handshakeTimeout: 30_000 });
          socket.on('open', () => resolve());
          socket.on('error', reject);
          socket.on('message', (raw: Buffer) => {
            const at = now();
            JSON.parse(raw.toString()); // the API's subscribers parse every message too
            const round = this.round;
            if (!round) return;
            round.received += 1;
            round.last = Math.max(round.last, at);
            if (round.received === round.expected) round.resolve();
          });
          this.clients.push(socket);
        }),
      ),
      Math.max(WAIT_TIMEOUT_MS * 3, wanted.length * 50),
      'opening floor clients',
    );
  }

  /** Deliveries per second of one broadcast to every client. */
  async broadcast(): Promise<{ rate: number; ms: number; serverSendMs: number }> {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.round = { expected: this.clients.length, received: 0, last: 0, resolve };
    const started = now();
    this.child!.send({ type: 'broadcast' });
    await withDeadline(done, WAIT_TIMEOUT_MS, 'floor broadcast');
    const ms = this.round.last - started;
    this.round = null;
    await sleep(50);
    return { rate: this.clients.length / (ms / 1000), ms, serverSendMs: this.sendMs[this.sendMs.length - 1] ?? NaN };
  }

  async stop(): Promise<void> {
    for (const socket of this.clients) socket.terminate();
    this.clients.length = 0;
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  }
}

// ---------------------------------------------------------------- helpers

async function runLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function summary(values: number[]): { count: number; p50: number; p90: number; p99: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => round1(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  return { count: values.length, p50: at(50), p90: at(90), p99: at(99), max: round1(sorted[sorted.length - 1]!) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function kib(bytes: number): number {
  return round1(bytes / 1024);
}

function mib(bytes: number): number {
  return round1(bytes / 1024 / 1024);
}

/** Transactions of the bench database so far, after PostgreSQL's statistics have caught up. */
async function databaseTransactions(admin: Client): Promise<{ transactions: number; at: number } | null> {
  if (dbSettleMs <= 0) return null;
  await sleep(dbSettleMs);
  const rows = await admin.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [DATABASE]);
  return { transactions: Number(rows.rows[0].n), at: now() };
}

// ---------------------------------------------------------------- the run

interface SizeResult {
  subscribers: number;
  sockets: number;
  connectSeconds: number;
  steady: Record<string, unknown>;
  memory: Record<string, unknown>;
  queries: Record<string, unknown>;
  burst: Record<string, unknown>;
  floor?: Record<string, unknown>;
}

async function main(): Promise<void> {
  const files = ensureOpenFiles(Number(values['per-socket']));
  if (files.note) console.log(files.note);
  const perSocket = files.perSocket;
  const server = await benchServer();
  let api: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  const floor = new Floor();
  const admin = new Client({ connectionString: withDatabase(server.url, 'postgres') });
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await closeSubscribers().catch(() => undefined);
    await floor.stop().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await admin.end().catch(() => undefined);
    if (!values['keep-database']) await dropDatabases(server.url, [DATABASE]).catch((error: unknown) => console.error('could not drop', DATABASE, error));
    await server.stop();
  };
  process.once('SIGINT', () => {
    console.error('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const databaseUrl = await freshDatabase(server.url, DATABASE);
    await admin.connect();
    // every subscriber socket is admitted against its key's request budget: thousands of sockets from one key are
    // this benchmark's load, not abuse, so the rate limit is off here
    api = await startServerProcess(
      { DATABASE_URL: databaseUrl, ADMIN_API_KEY: ADMIN_KEY, LIVE_THROTTLE_MS: String(throttleMs), RATE_LIMIT_PER_MINUTE: '0' },
      'source',
      { inspect: true },
    );
    apiUrl = api.url.replace('localhost', '127.0.0.1');
    const wsUrl = apiUrl.replace(/^http/, 'ws');
    const serverPid = api.child.pid!;
    const inspectorUrl = api.inspectorUrl;
    if (!inspectorUrl) throw new Error('the server did not print its inspector URL');
    const collectedResidentBytes = async () => {
      await collectGarbage(inspectorUrl);
      await sleep(500);
      return residentBytes(serverPid)!;
    };
    console.log(`server ${apiUrl} (pid ${serverPid}), open files ${files.limit.soft}/${files.limit.hard}, ${perSocket} subscription(s) per socket`);

    for (let i = 0; i < organizationCount; i += 1) {
      const data = await graphql(ADMIN_KEY, 'mutation ($name: String!) { createOrganization(input: { name: $name }) { id } }', { name: `Bench Live ${i + 1}` });
      organizationIds.push(data.createOrganization.id);
    }
    apiKey = (
      await graphql(ADMIN_KEY, 'mutation ($orgs: [ID!]!) { createApiKey(input: { name: "bench subs", organizationIds: $orgs, scopes: [READ, INGEST] }) { secret } }', {
        orgs: organizationIds,
      })
    ).createApiKey.secret;

    // what the same ingestion costs the database with no subscriber
    const calibrationSink = newSink();
    for (let i = 0; i < organizationCount; i += 1) await ingest(i, calibrationSink);
    const calibration0 = await databaseTransactions(admin);
    const calibrationCalls = await ingestSteadily(CALIBRATION_CALLS * intervalMs, calibrationSink);
    const calibration1 = await databaseTransactions(admin);
    const transactionsPerIngest = calibration0 && calibration1 ? (calibration1.transactions - calibration0.transactions) / calibrationCalls : null;
    // the memory baseline is the server under the same steady ingestion with no subscriber, sampled as the
    // measured phases are: a V8 heap (young generation included) grown by the load alone is not per-subscriber memory
    const baselineSamples = sampleMemory(serverPid, 500);
    await ingestSteadily(seconds * 1000, calibrationSink);
    await sleep(throttleMs + 1_500);
    const baseline = { rss: median(baselineSamples.stop()), stats: await liveStats(), collectedRss: await collectedResidentBytes() };
    console.log(
      `baseline (steady ingestion, no subscriber): server RSS ${mib(baseline.rss)} MiB, heap ${mib(baseline.stats.memory.heapUsed)} MiB, RSS after a full collection ${mib(baseline.collectedRss)} MiB; ingestion alone: ${transactionsPerIngest ?? '?'} database transactions a call`,
    );

    const results: SizeResult[] = [];
    for (const size of sizes) {
      console.log(`\n== ${size} subscribers`);
      const connectMs = await growSubscribers(wsUrl, size, perSocket);
      await sleep(2_000);
      const connected = { rss: residentBytes(serverPid)!, stats: await liveStats() };
      if (connected.stats.subscribers !== size || connected.stats.topics !== Math.min(topicCount, size)) {
        throw new Error(`server reports ${connected.stats.subscribers} subscribers on ${connected.stats.topics} topics; expected ${size} on ${Math.min(topicCount, size)}`);
      }
      console.log(`connected in ${round1(connectMs / 1000)} s: ${connected.stats.connections} sockets, server RSS ${mib(connected.rss)} MiB`);

      // steady ingestion
      const before = await databaseTransactions(admin);
      const statsBefore = await liveStats();
      const sink = newSink();
      const messagesBefore = counters.messages;
      ticksSeen = Array.from({ length: topicCount }, () => new Set<string>());
      ticksSince = Date.now();
      const memory = sampleMemory(serverPid, 500);
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const steadyStarted = now();
      const calls = await ingestSteadily(seconds * 1000, sink);
      const steadyMs = now() - steadyStarted;
      await sleep(throttleMs + 1_500); // the last ticks
      loop.disable();
      const rssSamples = memory.stop();
      const statsAfter = await liveStats();
      const after = await databaseTransactions(admin);
      const collectedRss = await collectedResidentBytes();
      const dirtyTopicTicks = ticksSeen.reduce((sum, set) => sum + set.size, 0);
      ticksSeen = null;
      const steadyMessages = counters.messages - messagesBefore;
      const computations = statsAfter.computations - statsBefore.computations;
      const missed = subscriptions.reduce((sum, s) => sum + (commits[s.organization]!.length - s.next), 0);

      let databaseQueries: Record<string, unknown> = { skipped: 'db-settle 0' };
      if (before && after && transactionsPerIngest !== null) {
        const transactions = after.transactions - before.transactions;
        const sweeps = Math.round((after.at - before.at) / REVOCATION_SWEEP_MS);
        const live = transactions - calls * transactionsPerIngest - sweeps;
        databaseQueries = {
          transactions,
          ingestionEstimate: round1(calls * transactionsPerIngest),
          revocationSweeps: sweeps,
          liveLayer: round1(live),
          perDirtyTopicTick: round2(live / dirtyTopicTicks),
          perComputation: round2(live / computations),
        };
      }

      const latency = summary(sink.latencies);
      const steady = {
        seconds: round1(steadyMs / 1000),
        ingestCalls: calls,
        mentions: calls * batchSize,
        messages: steadyMessages,
        deliveriesPerSecond: Math.round(steadyMessages / ((steadyMs + throttleMs + 1_500) / 1000)),
        latencyMs: latency,
        latencyFromRequestMs: summary(sink.fromSend),
        // of the latency, the part after the server began recomputing the topic (query, fan-out, network, client)
        fromComputeStartMs: summary(sink.fromComputed),
        beforeResponse: sink.beforeResponse,
        notDelivered: missed,
        ingestCallMs: summary(ingestDurations.splice(0)),
        benchEventLoopDelayMs: { p50: round1(loop.percentile(50) / 1e6), p99: round1(loop.percentile(99) / 1e6), max: round1(loop.max / 1e6) },
      };
      const steadyRss = median(rssSamples);
      const memoryResult = {
        baselineRssMiB: mib(baseline.rss),
        connectedRssMiB: mib(connected.rss),
        steadyRssMedianMiB: mib(steadyRss),
        steadyRssMaxMiB: mib(rssSamples.reduce((a, b) => Math.max(a, b), 0)),
        perSubscriberKiB: kib((steadyRss - baseline.rss) / size),
        // what the server retains: both readings right after a forced full collection, so neither holds garbage
        // or a young generation the load alone grew (up to 3 × --max-semi-space-size)
        collectedRssMiB: mib(collectedRss),
        perSubscriberCollectedKiB: kib((collectedRss - baseline.collectedRss) / size),
        perSubscriberConnectedKiB: kib((connected.rss - baseline.rss) / size),
        heapPerSubscriberKiB: kib((statsAfter.memory.heapUsed - baseline.stats.memory.heapUsed) / size),
        heapTotalPerSubscriberKiB: kib((statsAfter.memory.heapTotal - baseline.stats.memory.heapTotal) / size),
        externalPerSubscriberKiB: kib((statsAfter.memory.external - baseline.stats.memory.external) / size),
      };
      const queries = {
        dirtyTopicTicks,
        commitTopicPairs: calls * windowsPerOrganization,
        computations,
        computationsPerDirtyTopicTick: round2(computations / dirtyTopicTicks),
        database: databaseQueries,
      };
      console.log(
        `steady: ${calls} batches, ${steadyMessages} messages, latency p50 ${latency?.p50} ms p99 ${latency?.p99} ms (after the recomputation began: p50 ${steady.fromComputeStartMs?.p50} ms p99 ${steady.fromComputeStartMs?.p99} ms; ingest call p50 ${steady.ingestCallMs?.p50} ms), ${computations} computations for ${dirtyTopicTicks} dirty topic ticks, ${memoryResult.perSubscriberCollectedKiB} KiB/subscriber retained (${memoryResult.perSubscriberKiB} KiB steady RSS)`,
      );

      // bursts: every organization at once, so every subscriber gets one update
      const bursts: Array<Record<string, number>> = [];
      const burstSink = newSink();
      for (let round = 0; round < burstRounds; round += 1) {
        await sleep(throttleMs + 500);
        let resolve!: () => void;
        const done = new Promise<void>((r) => (resolve = r));
        const burst: Burst = { expected: size, received: 0, first: Infinity, last: 0, resolve };
        const started = now();
        const made = await Promise.all(Array.from({ length: organizationCount }, (_, i) => ingest(i, burstSink, burst)));
        await withDeadline(done, WAIT_TIMEOUT_MS, `burst ${round + 1}: ${burst.received} of ${size} delivered`);
        const firstReturned = Math.min(...made.map((c) => c.returnedAt!));
        const lastReturned = Math.max(...made.map((c) => c.returnedAt!));
        bursts.push({
          fromRequestsMs: round1(burst.last - started),
          fromFirstCommitMs: round1(burst.last - firstReturned),
          fromLastCommitMs: round1(burst.last - lastReturned),
          firstToLastDeliveryMs: round1(burst.last - burst.first),
          deliveriesPerSecond: Math.round(size / (Math.max(1, burst.last - firstReturned) / 1000)),
          fanOutPerSecond: Math.round(size / (Math.max(1, burst.last - burst.first) / 1000)),
        });
      }
      const burstResult = {
        rounds: bursts,
        deliveriesPerSecond: median(bursts.map((b) => b.deliveriesPerSecond!)),
        fanOutPerSecond: median(bursts.map((b) => b.fanOutPerSecond!)),
        fromFirstCommitMs: median(bursts.map((b) => b.fromFirstCommitMs!)),
        latencyMs: summary(burstSink.latencies),
      };
      console.log(`burst: ${size} deliveries in ${burstResult.fromFirstCommitMs} ms (median) → ${burstResult.deliveriesPerSecond}/s from the first commit, ${burstResult.fanOutPerSecond}/s from the first delivery`);
      results.push({
        subscribers: size,
        sockets: connected.stats.connections,
        connectSeconds: round1(connectMs / 1000),
        steady,
        memory: memoryResult,
        queries,
        burst: burstResult,
      });
    }

    // the API's sockets go away: the server must end every subscription and topic
    await closeSubscribers();
    const drained = async () => {
      let stats = await liveStats();
      for (let i = 0; i < 25 && (stats.subscribers > 0 || stats.connections > 0 || stats.topics > 0); i += 1) {
        await sleep(200);
        stats = await liveStats();
      }
      return stats;
    };
    const afterClose = await drained();
    console.log(`\nafter closing every socket: ${afterClose.subscribers} subscribers, ${afterClose.topics} topics, ${afterClose.connections} connections on the server`);
    // a subscription whose socket closed while it waited for its topic's next value may only end at that value
    let afterNextTick: typeof afterClose | null = null;
    if (afterClose.subscribers > 0 || afterClose.topics > 0) {
      const sink = newSink();
      await Promise.all(Array.from({ length: organizationCount }, (_, i) => ingest(i, sink)));
      await sleep(throttleMs + 1_000);
      afterNextTick = await drained();
      console.log(`after one more batch per organization: ${afterNextTick.subscribers} subscribers, ${afterNextTick.topics} topics`);
    }

    // the floor: the same number of raw ws clients, one pre-serialized broadcast
    const floorMessage = sampleMessage ?? JSON.stringify({ id: '0', type: 'next', payload: { data: { [FIELD]: { padding: 'x'.repeat(160) } } } });
    await floor.start(floorMessage);
    for (const result of results) {
      await floor.grow(result.subscribers);
      await sleep(500);
      await floor.broadcast(); // warm-up
      const rounds = [];
      for (let round = 0; round < floorRounds; round += 1) rounds.push(await floor.broadcast());
      const rate = median(rounds.map((r) => r.rate));
      result.floor = {
        messageBytes: Buffer.byteLength(floorMessage),
        rounds: rounds.map((r) => ({ ms: round1(r.ms), deliveriesPerSecond: Math.round(r.rate), serverSendMs: round1(r.serverSendMs) })),
        deliveriesPerSecond: Math.round(rate),
        apiToFloor: round2((result.burst.deliveriesPerSecond as number) / rate),
        fanOutToFloor: round2((result.burst.fanOutPerSecond as number) / rate),
        floorServerRssMiB: mib(residentBytes(floor.pid) ?? 0),
      };
      console.log(`floor ${result.subscribers}: ${Math.round(rate)} deliveries/s (median of ${floorRounds}); API burst ${round2((result.burst.deliveriesPerSecond as number) / rate)} of it`);
    }
    await floor.stop();

    const output = {
      benchmark: 'subs',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: round1(os.totalmem() / 2 ** 30), node: process.version },
      settings: {
        subscribers: sizes,
        topics: topicCount,
        organizations: organizationCount,
        windowsPerOrganization,
        feed: `${FIELD}`,
        throttleMs,
        ingestEveryMs: intervalMs,
        batch: batchSize,
        seconds,
        subscriptionsPerSocket: perSocket,
        openFiles: files.limit,
        sizesReachedOnOneServer: 'each size adds subscribers to the previous one on the same server process',
        databaseSettleSeconds: dbSettleMs / 1000,
      },
      checks: {
        messages: counters.messages,
        messagesWithErrors: counters.errors,
        unexpectedCompletes: counters.completes,
        unexpectedCloses: counters.unexpectedCloses,
        volumeBeyondIngested: counters.beyondSent,
        errorSamples: counters.errorSamples,
        serverAfterClose: { subscribers: afterClose.subscribers, topics: afterClose.topics, connections: afterClose.connections },
        serverAfterCloseAndNextBatch: afterNextTick && { subscribers: afterNextTick.subscribers, topics: afterNextTick.topics, connections: afterNextTick.connections },
        apiMessageBytes: messageBytes.length ? median(messageBytes) : null,
      },
      ingestionAloneTransactionsPerCall: transactionsPerIngest,
      baseline: { serverRssMiB: mib(baseline.rss), heapUsedMiB: mib(baseline.stats.memory.heapUsed) },
      results,
    };
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    const out = path.join('bench', 'results', `subs-${stamp}Z-${sizes.join('-')}.json`);
    writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);

    console.log(`\n${FIELD}, ${topicCount} topics (${organizationCount} organizations × ${windowsPerOrganization} windows), one batch of ${batchSize} every ${intervalMs} ms, ${seconds} s per size, ${perSocket} subscription(s) per socket\n`);
    console.log('| subscribers | latency p50 / p99 (ms) | server memory / subscriber: retained (after a full GC) / steady RSS | recomputations / dirty topic tick | DB queries / dirty topic tick | burst deliveries/s from the first commit / from the first delivery | raw ws floor deliveries/s | API / floor: from the first commit / fan-out |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      const lat = r.steady.latencyMs as { p50: number; p99: number } | null;
      const db = r.queries.database as { perDirtyTopicTick?: number };
      console.log(
        `| ${r.subscribers.toLocaleString('en-US')} | ${lat?.p50 ?? '–'} / ${lat?.p99 ?? '–'} | ${r.memory.perSubscriberCollectedKiB} / ${r.memory.perSubscriberKiB} KiB | ${r.queries.computationsPerDirtyTopicTick} | ${db.perDirtyTopicTick ?? '–'} | ${(r.burst.deliveriesPerSecond as number).toLocaleString('en-US')} / ${(r.burst.fanOutPerSecond as number).toLocaleString('en-US')} | ${(r.floor?.deliveriesPerSecond as number | undefined)?.toLocaleString('en-US') ?? '–'} | ${r.floor?.apiToFloor ?? '–'} / ${r.floor?.fanOutToFloor ?? '–'} |`,
      );
    }
    console.log('| goal (10,000) | p99 ≤ 1,000 | ≤ 20 KB | 1 | 1 | | | ≥ 0.5 |');
    const bad = counters.errors + counters.completes + counters.unexpectedCloses + counters.beyondSent;
    console.log(`\nchecks: ${counters.messages} messages, ${counters.errors} with errors, ${counters.completes} completed, ${counters.unexpectedCloses} sockets lost, ${counters.beyondSent} with more volume than ingested`);
    console.log(`written to ${out}`);
    if (bad > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
