import type { DataSource } from 'typeorm';
import type { Params } from './sql';

export type SortDirection = 'ASC' | 'DESC';

export interface SortKey {
  /** SQL expression of the sort column, qualified with the alias. */
  column: string;
  /** PostgreSQL type the cursor value is cast to. */
  type: 'timestamptz' | 'integer' | 'double precision' | 'text';
  /** Property of the selected row that holds the sort value. */
  property: string;
  direction: SortDirection;
}

export interface KeysetQuery {
  table: string;
  alias: string;
  /** Select list, aliased to property names (see `selectColumns`). */
  columns: string;
  /** Lists are fetched for several parents in one statement, one page per parent (a LATERAL join). */
  partition: { column: string; keys: readonly string[]; type: 'uuid' } | null;
  /** Conditions built against `params`; the tenant predicate must be one of them. */
  where: readonly string[];
  params: Params;
  sort: SortKey;
  /** Decoded `after` cursor: [sort value, id]. */
  after: readonly unknown[] | null;
  /** Rows to return per partition; one more is fetched to know whether a next page exists. */
  limit: number;
  withTotal: boolean;
}

export interface KeysetResult {
  rows: Array<Record<string, unknown>>;
  total?: number;
}

/**
 * One statement for any number of parents: `(sort, id)` row comparison against the cursor, so every page
 * is an index range scan however deep the client pages, and the count (when asked) rides along.
 */
export async function fetchKeysetPages(dataSource: DataSource, query: KeysetQuery): Promise<Map<string, KeysetResult>> {
  const { alias, sort, params } = query;
  const comparator = sort.direction === 'DESC' ? '<' : '>';
  const filters = [...query.where];
  const pageFilters = [...filters];
  if (query.after) {
    const [value, id] = query.after;
    pageFilters.push(
      `(${sort.column}, ${alias}.id) ${comparator} (${params.add(value)}::${sort.type}, ${params.add(id)}::uuid)`,
    );
  }
  const limit = params.add(query.limit + 1);
  const orderBy = `ORDER BY ${sort.column} ${sort.direction}, ${alias}.id ${sort.direction}`;

  if (!query.partition) {
    const total = query.withTotal
      ? `, (SELECT count(*)::int FROM ${query.table} ${alias} WHERE ${and(filters)}) AS "__total"`
      : '';
    const rows: Array<Record<string, unknown>> = await dataSource.query(
      `SELECT ${query.columns}${total} FROM ${query.table} ${alias} WHERE ${and(pageFilters)} ${orderBy} LIMIT ${limit}`,
      params.values,
    );
    const result: KeysetResult = { rows: rows.map(stripMeta) };
    if (query.withTotal) result.total = rows.length > 0 ? Number(rows[0]?.__total) : await countAlone();
    return new Map([['', result]]);

    async function countAlone(): Promise<number> {
      if (!query.after) return 0;
      const counted: Array<{ total: number }> = await dataSource.query(
        `SELECT count(*)::int AS total FROM ${query.table} ${alias} WHERE ${and(filters)}`,
        params.values,
      );
      return counted[0]?.total ?? 0;
    }
  }

  const partition = query.partition;
  const keyCondition = `${alias}.${partition.column} = p.key`;
  const keys = params.add(partition.keys);
  const totalJoin = query.withTotal
    ? `LEFT JOIN LATERAL (SELECT count(*)::int AS total FROM ${query.table} ${alias} WHERE ${and([keyCondition, ...filters])}) c ON TRUE`
    : '';
  const rows: Array<Record<string, unknown>> = await dataSource.query(
    `SELECT p.key AS "__key", ${query.withTotal ? 'c.total' : 'NULL::int'} AS "__total", page.*
       FROM unnest(${keys}::${partition.type}[]) AS p(key)
       ${totalJoin}
       LEFT JOIN LATERAL (
         SELECT ${query.columns} FROM ${query.table} ${alias}
          WHERE ${and([keyCondition, ...pageFilters])} ${orderBy} LIMIT ${limit}
       ) page ON TRUE`,
    params.values,
  );
  const results = new Map<string, KeysetResult>();
  for (const key of partition.keys) results.set(key, { rows: [], total: query.withTotal ? 0 : undefined });
  for (const row of rows) {
    const entry = results.get(String(row.__key));
    if (!entry) continue;
    if (query.withTotal) entry.total = Number(row.__total ?? 0);
    // a parent with an empty page still yields one row (LEFT JOIN), with no id
    if (row.id !== null && row.id !== undefined) entry.rows.push(stripMeta(row));
  }
  return results;
}

function and(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'TRUE' : conditions.map((condition) => `(${condition})`).join(' AND ');
}

function stripMeta(row: Record<string, unknown>): Record<string, unknown> {
  const { __key: _key, __total: _total, ...rest } = row;
  return rest;
}
