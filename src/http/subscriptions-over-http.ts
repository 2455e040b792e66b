import type { FastifyInstance } from 'fastify';
import { Kind, parse } from 'graphql';
import { ErrorCode } from '../errors/error-code';

const MAY_SUBSCRIBE = /\bsubscription\b/;

/**
 * Subscriptions are served over WebSocket only. They are refused before Apollo sees them: graphql-js 16
 * validates a subscription's single root field by evaluating its @skip/@include without variables, which
 * throws (an HTTP 500) instead of reporting an error, e.g. for `subscription { ...F @skip(if: $v) }`.
 */
export function refuseSubscriptionsOverHttp(fastify: FastifyInstance, path: string, maxTokens: number): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== path) return;
    const query = request.method === 'GET' ? (request.query as { query?: unknown }).query : (request.body as { query?: unknown } | null)?.query;
    if (typeof query !== 'string' || !MAY_SUBSCRIBE.test(query)) return;
    let subscribes: boolean;
    try {
      subscribes = parse(query, { maxTokens, noLocation: true }).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription');
    } catch {
      return; // Apollo reports the syntax error itself
    }
    if (!subscribes) return;
    return reply.code(400).send({
      errors: [
        {
          message: `Subscriptions are served over WebSocket (graphql-ws, protocol graphql-transport-ws) at ${path}; HTTP serves queries and mutations.`,
          extensions: { code: ErrorCode.BAD_USER_INPUT, requestId: request.id },
        },
      ],
    });
  });
}
