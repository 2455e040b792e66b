import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../errors/error-code';
import type { IngestedBatch } from '../ingest/ingest-mentions';
import type { HubStats } from '../realtime/live-hub';
import type { Admission } from '../security/admission';
import { refuseUnlessAllowed } from './metrics-access';

/** Distinct GraphQL operation names kept as label values; later new names are counted as `other`. */
export const MAX_OPERATION_NAMES = 100;
const MAX_OPERATION_NAME_LENGTH = 64;
/** Label values that are not operation names (a client's operation may share one; its series then merge). */
export const ANONYMOUS = 'anonymous';
export const OTHER = 'other';
/** The request failed before an operation was chosen: syntax or validation errors, no operation by that name. */
export const UNRESOLVED = 'unresolved';

const HTTP_METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const INGEST_OUTCOMES = ['inserted', 'updated', 'unchanged', 'duplicates', 'rejected'] as const;

export interface MetricsSources {
  admission: Admission;
  /** METRICS_TOKEN: a bearer token that reads /metrics without the admin key. */
  token: string | undefined;
  pool: Pool;
  live: { hub: { stats(): HubStats }; connections(): number };
}

/**
 * Prometheus metrics of one app instance, in a registry of its own (several apps in one process, as in the
 * tests, never share or clash). Labels carry routes, statuses, operation names and error codes only: never a
 * key, a tenant id or an organization's name.
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly operationDuration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly ingestCalls: Counter;
  private readonly ingested: Counter<'outcome'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({ name: 'crisis_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({
      name: 'crisis_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to sending its response.',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.operations = new Counter({
      name: 'crisis_graphql_operations_total',
      help: `GraphQL operations over HTTP by operation name (${ANONYMOUS} when unnamed, ${UNRESOLVED} when none could be chosen, ${OTHER} beyond ${MAX_OPERATION_NAMES} distinct names), type and outcome (error when the response carries errors).`,
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'crisis_graphql_operation_duration_seconds',
      help: 'Time from the start of a GraphQL operation over HTTP to its response, by operation name and type.',
      labelNames: ['operation', 'type'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({ name: 'crisis_graphql_errors_total', help: 'GraphQL errors sent to clients over HTTP, by extensions.code (authentication and rate-limit refusals included).', labelNames: ['code'], registers });
    this.ingestCalls = new Counter({ name: 'crisis_ingest_batches_total', help: 'Committed ingestMentions calls.', registers });
    this.ingested = new Counter({ name: 'crisis_ingest_mentions_total', help: 'Mentions in committed ingestMentions calls, by outcome: inserted, updated, unchanged, duplicates (repeats within a call), rejected.', labelNames: ['outcome'], registers });
    for (const outcome of INGEST_OUTCOMES) this.ingested.inc({ outcome }, 0);
  }

  /** Counts every HTTP response; the route is the pattern (`/assets/*`), never the path a client sent. */
  instrumentHttp(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const labels = { method: HTTP_METHODS.has(request.method) ? request.method : 'OTHER', route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  }

  /** Counts and times GraphQL operations over HTTP and the error codes their responses carry. */
  apolloPlugin(): ApolloServerPlugin {
    return {
      // the key was refused or rate-limited before any operation ran
      contextCreationDidFail: async ({ error }) => this.countError((error as { extensions?: { code?: unknown } }).extensions?.code),
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ operation, response }) => {
            const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
            for (const error of errors) this.countError(error.extensions?.code);
            const labels = { operation: operation ? this.operationLabel(operation.name?.value) : UNRESOLVED, type: operation?.operation ?? 'unknown' };
            this.operations.inc({ ...labels, outcome: errors.length > 0 ? 'error' : 'success' });
            this.operationDuration.observe(labels, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }

  countIngested(batch: IngestedBatch): void {
    this.ingestCalls.inc();
    for (const outcome of INGEST_OUTCOMES) if (batch.counts[outcome] > 0) this.ingested.inc({ outcome }, batch.counts[outcome]);
  }

  /** GET /metrics, and the gauges read when it is scraped: live subscriptions and the database pool. */
  serve(fastify: FastifyInstance, sources: MetricsSources): void {
    const registers = [this.registry];
    const { pool, live } = sources;
    // the hub is read once per scrape, by whichever of its metrics is collected first
    let reading: (HubStats & { connections: number }) | null = null;
    const liveNow = () => (reading ??= { ...live.hub.stats(), connections: live.connections() });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('crisis_live_subscribers', 'Live GraphQL subscriptions open on this instance.', () => liveNow().subscribers);
    gauge('crisis_live_topics', 'Live topics (distinct subscription arguments) this instance recomputes.', () => liveNow().topics);
    gauge('crisis_live_connections', 'Open graphql-ws sockets.', () => liveNow().connections);
    gauge('crisis_live_queued_messages', "Items waiting in subscribers' mailboxes.", () => liveNow().queued);
    let computationsSeen = 0;
    new Counter({
      name: 'crisis_live_computations_total',
      help: 'Live topic recomputations (each one round of database work for a topic).',
      registers,
      collect() {
        const { computations } = liveNow();
        if (computations > computationsSeen) this.inc(computations - computationsSeen);
        computationsSeen = computations;
      },
    });
    gauge('crisis_db_pool_clients', 'Connections the database pool holds, idle and in use.', () => pool.totalCount);
    gauge('crisis_db_pool_idle_clients', 'Pool connections not in use.', () => pool.idleCount);
    gauge('crisis_db_pool_waiting_requests', 'Queries waiting for a pool connection.', () => pool.waitingCount);
    gauge('crisis_db_pool_max_clients', 'Most connections the pool may open (DB_POOL_SIZE).', () => pool.options.max ?? 10);

    fastify.get('/metrics', async (request, reply) => {
      if (await refuseUnlessAllowed(request, reply, sources.admission, sources.token)) return reply;
      reading = null;
      const text = await this.registry.metrics();
      return reply.header('content-type', this.registry.contentType).header('cache-control', 'no-store').send(text);
    });
  }

  /** Operation names as label values: [A-Za-z0-9_], at most 64 characters, at most MAX_OPERATION_NAMES of them. */
  private operationLabel(name: string | undefined): string {
    if (!name) return ANONYMOUS;
    const label = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, MAX_OPERATION_NAME_LENGTH);
    if (this.operationNames.has(label)) return label;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER;
    this.operationNames.add(label);
    return label;
  }

  private countError(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' && ERROR_CODES.has(code) ? code : 'OTHER' });
  }
}
