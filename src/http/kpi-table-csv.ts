import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { metricFieldName, type MetricName } from '../analytics/metrics';
import type { Admission } from '../security/admission';
import { RateLimitedError } from '../security/rate-limit';
import { Dimension, Granularity, Metric, Platform } from '../entities/enums';
import { AppError, BadInputError } from '../errors/app-errors';
import type { Services } from '../services';
import { COST_LIMIT, type KpiTableRowData, type TableDimension } from '../services/analytics/kpi.service';

type Query = Record<string, string | string[] | undefined>;

const DIMENSION_COLUMNS: Record<TableDimension, keyof KpiTableRowData> = {
  ORGANIZATION: 'organizationId',
  INCIDENT: 'incidentId',
  PLATFORM: 'platform',
  LANGUAGE: 'language',
  SENTIMENT: 'sentiment',
  TIME: 'bucket',
};

/**
 * GET /export/kpi-table.csv: kpiTable as CSV for tools without a GraphQL connector. Query parameters mirror
 * the GraphQL arguments (lists comma-separated or repeated): organizationId, incidentId, platforms, languages,
 * from, to, groupBy, metrics, granularity, timezone. Columns: the groupBy dimensions in order, then the
 * metrics, named like the GraphQL fields; every row (at most 10,000) in one file.
 */
export function registerKpiTableCsv(fastify: FastifyInstance, admission: Admission, services: Services): void {
  fastify.get('/export/kpi-table.csv', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const { viewer } = await admission.admit(request.headers.authorization, request.ip);
      const query = request.query as Query;
      const groupBy = enumList(query, 'groupBy', Dimension, false);
      const metrics = enumList(query, 'metrics', Metric, true) as MetricName[];
      const table = await services.kpis.kpiTable(viewer, {
        scope: {
          organizationId: single(query, 'organizationId', true)!,
          incidentId: single(query, 'incidentId', false),
          platforms: query.platforms === undefined ? null : enumList(query, 'platforms', Platform, true),
          languages: query.languages === undefined ? null : list(query, 'languages'),
        },
        range: { from: date(query, 'from'), to: date(query, 'to') },
        groupBy,
        metrics,
        granularity: query.granularity === undefined ? null : enumList(query, 'granularity', Granularity, true)[0]!,
        timezone: single(query, 'timezone', false),
        first: COST_LIMIT,
      });
      const header = [...groupBy.map((dimension) => DIMENSION_COLUMNS[dimension]), ...metrics.map(metricFieldName)];
      const rows = table.rows.map((row) => [
        ...groupBy.map((dimension) => cell(row[DIMENSION_COLUMNS[dimension]])),
        ...metrics.map((metric) => cell(row.values[metric])),
      ]);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kpi-table.csv"')
        .send(stringify([header, ...rows]));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      const extensions = error.extensions as { code: string; http: { status: number }; field?: string };
      return reply.code(extensions.http.status).send({ errors: [{ message: error.message, extensions: { code: extensions.code, field: extensions.field, requestId: request.id } }] });
    }
  });
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function list(query: Query, name: string): string[] {
  const raw = query[name];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((value) => value.split(',')).map((value) => value.trim());
  return values.filter((value) => value.length > 0);
}

function single(query: Query, name: string, required: boolean): string | null {
  const values = list(query, name);
  if (values.length > 1) throw new BadInputError(name, 'give it once.');
  if (required && values.length === 0) throw new BadInputError(name, 'is required.');
  return values[0] ?? null;
}

function enumList<T extends Record<string, string>>(query: Query, name: string, values: T, required: boolean): Array<T[keyof T]> {
  const given = list(query, name).map((value) => value.toUpperCase());
  if (required && given.length === 0) throw new BadInputError(name, `is required: one or more of ${Object.keys(values).join(', ')}.`);
  const unknown = given.filter((value) => !(value in values));
  if (unknown.length > 0) throw new BadInputError(name, `unknown value ${unknown.join(', ')}; use ${Object.keys(values).join(', ')}.`);
  return given.map((value) => values[value as keyof T]!);
}

function date(query: Query, name: string): Date {
  const value = single(query, name, true)!;
  const parsed = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime())) throw new BadInputError(name, `"${value.slice(0, 40)}" is not an ISO 8601 date-time such as 2026-11-01T00:00:00Z.`);
  return parsed;
}
