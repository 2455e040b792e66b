import { BadInputError } from '../errors/app-errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  /** Only computed when the client selected `totalCount`. */
  totalCount?: number;
}

export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(field, `must be between 1 and ${MAX_PAGE_SIZE} (got ${first}); page with \`after\` for more.`);
  }
  return first;
}

/** Keyset cursors carry the sort key of the last row and the order they belong to. */
export function encodeCursor(order: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([order, ...values.map((value) => (value instanceof Date ? value.toISOString() : value))])).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, order: string, arity: number): unknown[] | null {
  if (cursor === null || cursor === undefined) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== arity + 1 || decoded[0] !== order) {
    throw new BadInputError('after', 'is not a cursor of this list and order; pass an endCursor or edge cursor this list returned.');
  }
  return decoded.slice(1);
}

/** Cuts the one-extra row fetched to learn whether another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string, totalCount?: number): Page<T> {
  const nodes = rows.slice(0, limit);
  return { nodes, cursors: nodes.map(cursorOf), hasNextPage: rows.length > limit, totalCount };
}
