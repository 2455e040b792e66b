import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/error-code';

const GRANULARITY_SECONDS: Record<string, number> = { MINUTE: 60, HOUR: 3_600, DAY: 86_400, WEEK: 604_800, MONTH: 28 * 86_400 };
// connections page 50 by default (API.md); the analytics queries never return more than 10,000 buckets or rows
const DEFAULT_PAGE = 50;
const MAX_ITEMS = 10_000;

/**
 * What one field costs: 1, plus its selection once per item it is expected to return. Lists are sized by
 * their arguments: `first` (or its default), the number of calendar buckets of a time series or anomaly scan
 * (range ÷ granularity), `kpiTable` rows (`first`, default 1,000), and the organizations of `shareOfVoice`.
 * Nested lists multiply, so aliases and nesting add up to what the server would really do.
 */
export const crisisCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const pageSized = field.args.some((arg) => arg.name === 'first');
  return 1 + childComplexity * expectedItems(field.name, args, pageSized);
};

function expectedItems(fieldName: string, args: Record<string, unknown>, pageSized: boolean): number {
  switch (fieldName) {
    case 'timeSeries':
    case 'anomalies':
      return bucketCount(args.range, args.granularity ?? 'HOUR');
    case 'kpiTable':
      return clamp(numberOr(args.first, 1_000));
    case 'shareOfVoice':
      return Array.isArray(args.organizationIds) ? clamp(args.organizationIds.length) : 1;
    default:
      // a declared default (influencers: 20) arrives in args; a missing one means the connection default
      return pageSized ? clamp(numberOr(args.first, DEFAULT_PAGE)) : 1;
  }
}

function bucketCount(range: unknown, granularity: unknown): number {
  const seconds = GRANULARITY_SECONDS[String(granularity)];
  if (!seconds || typeof range !== 'object' || range === null) return 1;
  const { from, to } = range as { from?: unknown; to?: unknown };
  const span = new Date(to as string).getTime() - new Date(from as string).getTime();
  // an unreadable range is reported by the query itself, with a better message than a cost could give
  if (!Number.isFinite(span) || span <= 0) return 1;
  return clamp(Math.ceil(span / 1000 / seconds) + 1);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function clamp(items: number): number {
  return Math.min(Math.max(Math.floor(items), 1), MAX_ITEMS);
}

/** Rejects an operation whose estimated cost is over `maxCost` before anything runs (QUERY_TOO_COMPLEX, HTTP 400). */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [crisisCostEstimator],
            });
          } catch {
            // variables that do not fit the operation: execution reports them with the variable's name
            return;
          }
          if (cost > maxCost) throw queryTooCostly(cost, maxCost);
        },
      };
    },
  };
}

export function queryTooCostly(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `This operation would cost ${cost.toLocaleString('en-US')} points, over the limit of ${maxCost.toLocaleString('en-US')} (MAX_QUERY_COST). ` +
      'Each list multiplies its fields by its size: ask for smaller pages (first), shorter ranges or coarser granularities, or split the request.',
    { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 }, cost, maxCost } },
  );
}
