import type { Server } from 'node:http';
import { GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode, makeServer } from 'graphql-ws';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Admission } from '../security/admission';
import { queryShapeRule, type QueryShapeLimits } from '../security/query-shape';
import type { Viewer } from '../auth/viewer';
import type { Context } from '../context';
import type { createLoaders } from '../loaders/create-loaders';
import type { Services } from '../services';
import type { ChangeBus } from './change-bus';
import type { LiveContext, LiveSocket } from './live-context';
import { LiveFeeds } from './live-feeds';
import { LiveHub } from './live-hub';
import { sharedSubscribe } from './shared-execution';
import { serveGraphqlWs, type WsExtra } from './ws-adapter';

export interface LiveServerOptions {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  admission: Admission;
  /** The same depth, alias, directive and size limits as queries over HTTP. */
  shapeLimits: QueryShapeLimits;
  services: Services;
  makeLoaders: (viewer: Viewer) => ReturnType<typeof createLoaders>;
  dataSource: DataSource;
  bus: ChangeBus;
  logger: Logger;
  now: () => Date;
  throttleMs: number;
  keepAliveMs: number;
  /** Internal error messages stay out of close reasons in production. */
  production: boolean;
  /** How often connected keys are checked for revocation. */
  revocationCheckMs?: number;
}

/** Viewers that see the same organizations see the same subscription data. */
function accessScope(viewer: Viewer): string {
  return viewer.isAdmin ? 'admin' : [...viewer.organizationIds].sort().join(',');
}

export interface LiveServer {
  hub: LiveHub;
  /** Open sockets. */
  connections(): number;
  close(): Promise<void>;
}

/** Distinct subscription documents kept parsed and validated (subscribers mostly send the same few)… */
const DOCUMENT_CACHE_SIZE = 500;
/** …each of at most this many characters, so the cache stays a few megabytes whatever clients send. */
const CACHED_DOCUMENT_LENGTH = 4_096;

/**
 * graphql-ws on the API's HTTP server (same path as queries). The key is checked at connection_init (a
 * missing or bad key closes the socket with 4403 Forbidden; nothing is sent back in the acknowledgement);
 * a key revoked while connected is disconnected within `revocationCheckMs`.
 */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const { logger } = options;
  const hub = new LiveHub(logger);
  const feeds = new LiveFeeds(options.dataSource, options.now);
  await options.bus.start((change) => hub.deliver(change));

  // small frames only: subscribe messages are documents, never bulk data
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  options.server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').split('?')[0] !== options.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  });

  // thousands of subscribers send the same few documents: parse and validate each once, and let them share
  // one document tree instead of holding one each
  const documents = new Map<string, DocumentNode>();
  const cachedParse = ((source: string) => {
    if (source.length > CACHED_DOCUMENT_LENGTH) return parse(source);
    let document = documents.get(source);
    if (document) {
      documents.delete(source);
    } else {
      document = parse(source);
      if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value!);
    }
    documents.set(source, document);
    return document;
  }) as typeof parse;
  const shapeRule = queryShapeRule(options.shapeLimits);
  // queries and mutations go over HTTP, where cost limits, rate limits per request and introspection settings apply
  const subscriptionsOnly: ValidationRule = (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
        context.reportError(new GraphQLError(`Only subscriptions are served over WebSocket; send ${operation.operation} operations to POST /graphql.`, { nodes: [operation] }));
      }
    },
  });
  const validations = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  const cachedValidate = ((schema: GraphQLSchema, document: DocumentNode) => {
    let errors = validations.get(document);
    if (!errors) {
      try {
        errors = validate(schema, document, [...specifiedRules, subscriptionsOnly, shapeRule]);
      } catch (error) {
        // graphql-js 16 throws, rather than reports, a @skip/@include variable on a subscription's root field
        if (!(error instanceof GraphQLError)) throw error;
        errors = [error];
      }
      validations.set(document, errors);
    }
    return errors;
  }) as typeof validate;

  const throttle = { defaultMs: options.throttleMs, minMs: 250, maxMs: 60_000 };
  const makeContext = (viewer: Viewer) => new SocketContext(viewer, options.services, options.now, options.makeLoaders);

  // connections of one key share one Viewer (keys do not change, only get revoked: the sweep below)
  const viewers = new ViewerPool();
  const connected = new Map<WebSocket, Viewer>();
  const server = makeServer<Record<string, unknown>, WsExtra & { viewer?: Viewer }>({
    schema: options.schema,
    parse: cachedParse,
    validate: cachedValidate,
    // subscribers with the same access see the same data: one execution and one serialization per event and query
    subscribe: sharedSubscribe({
      accessKey: (context) => accessScope(context.viewer),
      executionContexts: (context) => {
        const viewer = context.viewer;
        return () => makeContext(viewer);
      },
      logger,
    }),
    onConnect: async (ctx) => {
      const authorization = ctx.connectionParams?.authorization;
      try {
        const admitted = await options.admission.admit(typeof authorization === 'string' ? authorization : undefined, ctx.extra.address, { countRequest: false });
        const viewer = viewers.acquire(admitted.viewer);
        ctx.extra.viewer = viewer;
        connected.set(ctx.extra.socket.ws, viewer);
        return true;
      } catch {
        return false;
      }
    },
    onClose: (ctx) => {
      const viewer = connected.get(ctx.extra.socket.ws);
      if (!viewer) return;
      connected.delete(ctx.extra.socket.ws);
      viewers.release(viewer);
    },
    context: (ctx, id): Context => {
      const context = makeContext(ctx.extra.viewer!);
      context.live = new SubscriptionLive(hub, feeds, throttle, id, ctx.extra.socket, context);
      return context;
    },
  });
  const adapter = serveGraphqlWs(server, wss, { keepAliveMs: options.keepAliveMs, production: options.production, logger });

  const sweep = setInterval(() => void dropRevoked(), options.revocationCheckMs ?? 2_000);
  sweep.unref();
  async function dropRevoked(): Promise<void> {
    const ids = [...new Set([...connected.values()].map((viewer) => viewer.keyId).filter((id) => id !== 'admin'))];
    if (ids.length === 0) return;
    try {
      const rows: Array<{ id: string }> = await options.dataSource.query('SELECT id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL', [ids]);
      const revoked = new Set(rows.map((row) => row.id));
      for (const [socket, viewer] of connected) if (revoked.has(viewer.keyId)) socket.close(CloseCode.Forbidden, 'API key revoked');
    } catch (error) {
      logger.warn({ err: error }, 'could not check connected keys for revocation; retrying');
    }
  }

  return {
    hub,
    connections: () => wss.clients.size,
    async close() {
      clearInterval(sweep);
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await adapter.dispose();
      hub.close();
      await options.bus.stop();
    },
  };
}

/** The context of GraphQL work on a socket. Loaders are made on first use: most subscriptions resolve no nested field. */
class SocketContext implements Context {
  readonly requestId = `ws-${Math.random().toString(36).slice(2, 12)}`;
  readonly http = {};
  live?: LiveContext;
  private madeLoaders: Context['loaders'] | null = null;

  constructor(
    readonly viewer: Viewer,
    readonly services: Services,
    readonly now: () => Date,
    private readonly makeLoaders: (viewer: Viewer) => Context['loaders'],
  ) {}

  get loaders(): Context['loaders'] {
    return (this.madeLoaders ??= this.makeLoaders(this.viewer));
  }

  refreshLoaders(): void {
    this.madeLoaders = null;
  }
}

/** A subscription's LiveContext (a class: no closures per subscription). */
class SubscriptionLive implements LiveContext {
  constructor(
    readonly hub: LiveHub,
    readonly feeds: LiveFeeds,
    readonly throttle: LiveContext['throttle'],
    readonly subscriptionId: string,
    readonly socket: LiveSocket,
    private readonly context: SocketContext,
  ) {}

  refreshLoaders(): void {
    this.context.refreshLoaders();
  }
}

/** One Viewer per key among the open connections, however many connections the key has. */
class ViewerPool {
  private readonly viewers = new Map<string, { viewer: Viewer; connections: number }>();

  acquire(viewer: Viewer): Viewer {
    const key = identity(viewer);
    const held = this.viewers.get(key);
    if (held) {
      held.connections += 1;
      return held.viewer;
    }
    this.viewers.set(key, { viewer, connections: 1 });
    return viewer;
  }

  release(viewer: Viewer): void {
    const key = identity(viewer);
    const held = this.viewers.get(key);
    if (held && (held.connections -= 1) === 0) this.viewers.delete(key);
  }
}

function identity(viewer: Viewer): string {
  return JSON.stringify([viewer.keyId, viewer.name, viewer.isAdmin, viewer.scopes, viewer.organizationIds]);
}
