import type { SortKey } from '../db/keyset';
import { BadInputError } from '../errors/app-errors';
import { isId } from './validation';
import { assertNever } from '../errors/error-code';

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

/** `first`, checked against the largest page this server allows (MAX_PAGE_SIZE unless configured lower). */
export function pageSize(first: number | null | undefined, field = 'first', max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadInputError(field, `must be between 1 and ${max} (got ${first}); page with \`after\` for more.`);
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
    throw notACursor();
  }
  return decoded.slice(1);
}

/**
 * A keyset cursor `[sort value, id]` whose values PostgreSQL can cast to the sort column's type and uuid: an
 * altered cursor would otherwise fail the statement (a 500) instead of the request.
 */
export function decodeKeysetCursor(cursor: string | null | undefined, order: string, sortType: SortKey['type']): unknown[] | null {
  const values = decodeCursor(cursor, order, 2);
  if (values && !(isCursorValue(values[0], sortType) && isCursorValue(values[1], 'uuid'))) throw notACursor();
  return values;
}

function notACursor(): BadInputError {
  return new BadInputError('after', 'is not a cursor of this list and order; pass an endCursor or edge cursor this list returned.');
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function isCursorValue(value: unknown, type: SortKey['type'] | 'uuid'): boolean {
  switch (type) {
    case 'uuid':
      return isId(value);
    case 'timestamptz': {
      if (typeof value !== 'string' || !ISO_UTC.test(value)) return false;
      const date = new Date(value);
      // rejects what Date rolls over (Feb 30) and year 0, which PostgreSQL refuses
      return !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString().slice(0, 19) === value.slice(0, 19);
    }
    case 'integer':
      return Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;
    case 'double precision':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    default:
      return assertNever(type);
  }
}

/** Cuts the one-extra row fetched to learn whether another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string, totalCount?: number): Page<T> {
  const nodes = rows.slice(0, limit);
  return { nodes, cursors: nodes.map(cursorOf), hasNextPage: rows.length > limit, totalCount };
}
