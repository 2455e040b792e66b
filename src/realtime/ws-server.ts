import type { Server } from 'node:http';
import { GraphQLError, OperationTypeNode, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
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
import { LiveFeeds } from './live-feeds';
import { LiveHub } from './live-hub';
import { sharedSubscribe } from './shared-execution';

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

/** A socket's data beyond this many bytes means the client is not keeping up. */
const CONGESTED_BYTES = 64 * 1024;

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
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  options.server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').split('?')[0] !== options.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  });

  const keys = new Map<WebSocket, string>();
  const shapeRule = queryShapeRule(options.shapeLimits);
  // queries and mutations go over HTTP, where cost limits, rate limits per request and introspection settings apply
  const subscriptionsOnly: ValidationRule = (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
        context.reportError(new GraphQLError(`Only subscriptions are served over WebSocket; send ${operation.operation} operations to POST /graphql.`, { nodes: [operation] }));
      }
    },
  });
  const disposable = useServer<Record<string, unknown>, { viewer: Viewer }>(
    {
      schema: options.schema,
      validate: (schema, document) => {
        try {
          return validate(schema, document, [...specifiedRules, subscriptionsOnly, shapeRule]);
        } catch (error) {
          // graphql-js 16 throws, rather than reports, a @skip/@include variable on a subscription's root field
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      },
      // subscribers with the same access see the same data: one execution per event and query
      subscribe: sharedSubscribe((args) => accessScope((args.contextValue as Context).viewer)),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
          const { viewer } = await options.admission.admit(typeof authorization === 'string' ? authorization : undefined, address, { countRequest: false });
          ctx.extra.viewer = viewer;
          keys.set(ctx.extra.socket, viewer.keyId);
          return true;
        } catch {
          return false;
        }
      },
      onClose: (ctx) => {
        keys.delete(ctx.extra.socket);
      },
      context: (ctx): Context => {
        const viewer = ctx.extra.viewer!;
        const socket = ctx.extra.socket;
        // loaders are made on first use: most subscriptions never resolve a nested field, and thousands of
        // idle subscribers should not each hold a set
        let loaders: Context['loaders'] | null = null;
        const context: Context = {
          requestId: `ws-${Math.random().toString(36).slice(2, 12)}`,
          viewer,
          get loaders() {
            return (loaders ??= options.makeLoaders(viewer));
          },
          services: options.services,
          now: options.now,
          http: {},
          live: {
            hub,
            feeds,
            throttle: { defaultMs: options.throttleMs, minMs: 250, maxMs: 60_000 },
            isCongested: () => socket.bufferedAmount > CONGESTED_BYTES,
            close: (code, reason) => socket.close(code, reason),
            refreshLoaders: () => {
              loaders = null;
            },
          },
        };
        return context;
      },
    },
    wss,
    options.keepAliveMs,
  );

  const sweep = setInterval(() => void dropRevoked(), options.revocationCheckMs ?? 2_000);
  sweep.unref();
  async function dropRevoked(): Promise<void> {
    const ids = [...new Set([...keys.values()].filter((id) => id !== 'admin'))];
    if (ids.length === 0) return;
    try {
      const rows: Array<{ id: string }> = await options.dataSource.query('SELECT id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL', [ids]);
      const revoked = new Set(rows.map((row) => row.id));
      for (const [socket, keyId] of keys) if (revoked.has(keyId)) socket.close(CloseCode.Forbidden, 'API key revoked');
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
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      hub.close();
      await options.bus.stop();
    },
  };
}
