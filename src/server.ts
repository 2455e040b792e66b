import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { Logger } from 'pino';
import { buildSchema } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Authenticator } from './auth/authenticate';
import { loadConfig, type Config } from './config';
import type { Context } from './context';
import { registerKpiTableCsv } from './http/kpi-table-csv';
import { IDE_HTML, registerStaticAssets } from './http/static-assets';
import { refuseSubscriptionsOverHttp } from './http/subscriptions-over-http';
import type { Database } from './db/database';
import { hasPendingMigrations } from './db/migrate';
import { databaseUnavailability } from './db/database-errors';
import { AppError, databaseUnavailableError } from './errors/app-errors';
import { createFormatError, requestMistakeStatusPlugin, serviceUnavailableStatusPlugin } from './errors/format-error';
import { createLoaders } from './loaders/create-loaders';
import { resolvers } from './resolvers';
import { createServices } from './services';
import { createTextScorer } from './ingest/text-scoring';
import { AppMetrics } from './observability/metrics';
import type { IngestedBatch } from './ingest/ingest-mentions';
import { PgChangeBus, RedisChangeBus, type ChangeBus } from './realtime/change-bus';
import { startLiveServer, type LiveServer } from './realtime/ws-server';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import Redis from 'ioredis';
import { Admission } from './security/admission';
import { runWithDatabaseScope } from './db/tenant-session';
import { queryCostPlugin } from './security/query-cost';
import { queryShapeRule, type QueryShapeLimits } from './security/query-shape';
import { RequestRateLimiter } from './security/rate-limit';

export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
    // type-graphql asks for a PubSub whenever the schema has subscriptions; ours subscribe through the
    // LiveHub (src/realtime), so topic-based routing is refused rather than silently never delivering
    pubSub: {
      publish: () => {
        throw new Error('Publish through the ChangeBus: subscriptions here do not use type-graphql topics.');
      },
      subscribe: () => {
        throw new Error('Subscriptions here use a subscribe function, not type-graphql topics.');
      },
    },
  });
}

/** The SDL committed in schema/schema.graphql: sorted, so it only changes when the API does. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export interface AppOptions {
  /** Missing settings take the defaults of src/config.ts. */
  config: Partial<Config>;
  database: Pick<Database, 'dataSource'>;
  logger: Logger;
  adminKey: string;
  now?: () => Date;
}

export interface App {
  fastify: FastifyInstance;
  live: LiveServer;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the GraphQL operation is known, for the request log line. */
    operationName?: string;
  }
}

export async function createApp(options: AppOptions): Promise<App> {
  const { logger, database } = options;
  const given = Object.fromEntries(Object.entries(options.config).filter(([, value]) => value !== undefined));
  const config: Config = { ...loadConfig({}), ...given };
  const dataSource: DataSource = database.dataSource;
  const schema = await buildAppSchema();
  // every instance hears every commit (its own included) through PostgreSQL, or Redis with REDIS_URL, and updates its live topics
  const bus: ChangeBus = config.REDIS_URL ? new RedisChangeBus(config.REDIS_URL, logger) : new PgChangeBus(poolOf(dataSource), logger);
  const metrics = new AppMetrics();
  const publish = (batch: IngestedBatch) => {
    metrics.countIngested(batch);
    if (batch.mentionIds.length === 0) return; // every item rejected or unchanged: nothing for live subscribers
    void bus
      .publish({ organizationId: batch.organizationId, incidentIds: batch.incidentIds, mentionIds: batch.insertedMentionIds, alertIds: batch.alerts.map((alert) => alert.id) })
      .catch((error: unknown) => logger.error({ err: error }, 'could not announce an ingested batch to live subscribers'));
  };
  const relinked = (organizationId: string, incidentIds: string[]) =>
    void bus
      .publish({ organizationId, incidentIds, mentionIds: [], alertIds: [] })
      .catch((error: unknown) => logger.error({ err: error }, 'could not announce re-linked mentions to live subscribers'));
  const scorer = createTextScorer(config.SCORING_THREADS);
  const services = createServices(dataSource, {
    onIngested: publish,
    logger,
    onRelinked: relinked,
    limits: { maxPageSize: config.MAX_PAGE_SIZE, maxIngestBatch: config.MAX_INGEST_BATCH },
    scorer,
  });
  const authenticator = new Authenticator(dataSource, options.adminKey, logger);
  const rateLimitRedis = config.REDIS_URL && config.RATE_LIMIT_PER_MINUTE > 0 ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 }) : undefined;
  rateLimitRedis?.on('error', (error) => logger.warn({ err: error }, 'rate-limit store (Redis) unavailable; counting in memory meanwhile'));
  const admission = new Admission(authenticator, new RequestRateLimiter({ perMinute: config.RATE_LIMIT_PER_MINUTE, pool: poolOf(dataSource), redis: rateLimitRedis }));
  const shapeLimits: QueryShapeLimits = {
    maxDepth: config.MAX_QUERY_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxDirectives: config.MAX_DIRECTIVES,
    maxNodes: config.MAX_QUERY_NODES,
  };
  const production = config.NODE_ENV === 'production';
  const now = options.now ?? (() => new Date());

  const fastify = Fastify({
    logger: false,
    bodyLimit: config.MAX_BODY_BYTES,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
  });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.INTROSPECTION ?? !production,
    includeStacktraceInErrorResponses: !production,
    // no "Did you mean …?" in production: suggestions spell out the schema to someone probing it
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // compact JSON: Apollo's default indents every response, which costs as much as building a large table
    stringifyResult: (result) => JSON.stringify(result),
    parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
    validationRules: [queryShapeRule(shapeLimits)],
    formatError: createFormatError({
      onMasked: (error, formatted) => logger.error({ err: error, path: formatted.path }, 'unexpected error (masked for the client)'),
      onUnavailable: (error, formatted) =>
        logger.warn({ err: error, path: formatted.path }, 'database unavailable; answered SERVICE_UNAVAILABLE (retryable)'),
      limits: config,
    }),
    plugins: [
      // no cache hints are ever set (every answer is per key and live), and the default cache-control plugin
      // wraps every field's resolver to look for them
      ApolloServerPluginCacheControlDisabled(),
      fastifyApolloDrainPlugin(fastify),
      ideLandingPage(),
      requestIdPlugin(),
      queryCostPlugin(schema, config.MAX_QUERY_COST),
      serviceUnavailableStatusPlugin(),
      requestMistakeStatusPlugin(),
      metrics.apolloPlugin(),
    ],
  });
  await apollo.start();
  metrics.instrumentHttp(fastify);

  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // each request runs in its own database scope, narrowed to its key's organizations by Admission
  fastify.addHook('onRequest', (_request, _reply, done) => runWithDatabaseScope({ kind: 'all' }, done));
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        path: request.routeOptions.url ?? request.url.split('?')[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        operationName: request.operationName,
      },
      'request',
    );
  });

  // body, content-type and JSON errors answer in GraphQL's error shape, with a 4xx and a code
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const unavailable = databaseUnavailability(error);
    if (unavailable) {
      logger.warn({ err: error, requestId: request.id }, 'database unavailable; answered SERVICE_UNAVAILABLE (retryable)');
      const coded = databaseUnavailableError(unavailable, config);
      const { http: _http, ...extensions } = coded.extensions;
      return reply
        .code(503)
        .header('retry-after', String(coded.retryAfterSeconds))
        .send({ errors: [{ message: coded.message, extensions: { ...extensions, requestId: request.id } }] });
    }
    if (status >= 500) {
      logger.error({ err: error, requestId: request.id }, 'request failed');
      return reply.code(500).send({ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: request.id } }] });
    }
    const message =
      status === 413
        ? `Request body is larger than ${config.MAX_BODY_BYTES} bytes (MAX_BODY_BYTES); send smaller batches.`
        : error.message;
    return reply.code(status).send({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', requestId: request.id } }] });
  });

  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    try {
      await dataSource.query('SELECT 1');
      if (await hasPendingMigrations(dataSource)) {
        return reply.code(503).send({ status: 'unavailable', reason: 'database migrations are pending' });
      }
      return { status: 'ready' };
    } catch (error) {
      const reason =
        databaseUnavailability(error) === 'pool-exhausted'
          ? 'no pooled database connection came free (DB_POOL_SIZE, DB_CONNECT_TIMEOUT_MS)'
          : 'database unreachable';
      return reply.code(503).send({ status: 'unavailable', reason });
    }
  });

  registerKpiTableCsv(fastify, admission, services);
  refuseSubscriptionsOverHttp(fastify, '/graphql', config.MAX_QUERY_TOKENS);
  registerStaticAssets(fastify);

  await fastify.register(fastifyApollo(apollo), {
    context: async (request: FastifyRequest): Promise<Context> => {
      const { viewer, organizations } = await admission.admit(request.headers.authorization, request.ip).catch(
        (error: unknown) => {
          if (error instanceof AppError) throw error;
          const unavailable = databaseUnavailability(error);
          if (unavailable) {
            logger.warn({ err: error, requestId: request.id }, 'database unavailable while authenticating; answered SERVICE_UNAVAILABLE (retryable)');
            throw databaseUnavailableError(unavailable, config);
          }
          logger.error({ err: error, requestId: request.id }, 'authentication failed');
          throw new GraphQLError('Authentication is unavailable right now; retry shortly.', {
            extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 503 } },
          });
        },
      );
      const loaders = createLoaders(viewer, services, now);
      for (const organization of organizations) loaders.organization.prime(organization.id, organization);
      return { requestId: request.id, viewer, loaders, services, now, http: request };
    },
  });

  const live = await startLiveServer({
    server: fastify.server,
    path: '/graphql',
    schema,
    admission,
    shapeLimits,
    services,
    makeLoaders: (viewer) => createLoaders(viewer, services, now),
    dataSource,
    bus,
    logger,
    now,
    throttleMs: config.LIVE_THROTTLE_MS,
    keepAliveMs: config.LIVE_KEEPALIVE_MS,
    production,
  });

  // what the live layer is doing, for operators and bench:subs (the admin key only)
  fastify.get('/live/stats', async (request, reply) => {
    const { viewer } = await admission.admit(request.headers.authorization, request.ip).catch(() => ({ viewer: null }));
    if (!viewer?.isAdmin) return reply.code(403).send({ errors: [{ message: 'The admin key is required.', extensions: { code: 'FORBIDDEN' } }] });
    return { ...live.hub.stats(), connections: live.connections(), memory: process.memoryUsage() };
  });
  metrics.serve(fastify, { admission, token: config.METRICS_TOKEN, pool: poolOf(dataSource), live });

  return {
    fastify,
    live,
    async listen(port, host) {
      return fastify.listen({ port, host });
    },
    async close() {
      // sockets first (1001 Going away), then in-flight HTTP requests complete as Fastify closes
      await live.close();
      await fastify.close();
      await scorer.close();
      rateLimitRedis?.disconnect();
    },
  };
}

function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

/** GET /graphql from a browser (Accept: text/html, no query) shows GraphiQL, with every asset served locally. */
function ideLandingPage(): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: IDE_HTML };
        },
      };
    },
  };
}

function requestIdPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (operationName) contextValue.http.operationName = operationName;
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const requestId = (contextValue as Partial<Context>).requestId;
          if (requestId) response.body.singleResult.extensions = { ...response.body.singleResult.extensions, requestId };
        },
      };
    },
  };
}

function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : randomUUID();
}
