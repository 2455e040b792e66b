import { BadInputError } from '../errors/app-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

export function requireId(value: string, field: string): string {
  if (!UUID.test(value)) throw new BadInputError(field, `"${truncate(value)}" is not a valid ID.`);
  return value.toLowerCase();
}

export function requireIds(values: readonly string[], field: string): string[] {
  return values.map((value, index) => requireId(value, `${field}[${index}]`));
}

export function requireValidDate(value: Date | null | undefined, field: string): void {
  if (value && Number.isNaN(value.getTime())) throw new BadInputError(field, 'is not a valid date-time.');
}

export function requireRange(from: Date | null | undefined, to: Date | null | undefined, field: string): void {
  if (from && to && from.getTime() >= to.getTime()) {
    throw new BadInputError(field, `from (${from.toISOString()}) must be before to (${to.toISOString()}); ranges are half-open [from, to).`);
  }
}

/** Handles are stored without a leading @ and compared case-insensitively. */
export function normalizeHandle(value: string, field: string): string {
  const handle = value.trim().replace(/^@+/, '');
  if (handle.length === 0 || handle.length > 256 || /\s/.test(handle)) {
    throw new BadInputError(field, `"${truncate(value)}" is not a handle: 1–256 characters, no spaces, optional leading @.`);
  }
  return handle;
}

export function cleanKeywords(values: readonly string[], field: string): string[] {
  if (values.length > 200) throw new BadInputError(field, 'at most 200 keywords.');
  const seen = new Set<string>();
  const result: string[] = [];
  values.forEach((value, index) => {
    const keyword = value.trim();
    if (keyword.length === 0 || keyword.length > 100) {
      throw new BadInputError(`${field}[${index}]`, 'a keyword has 1–100 characters.');
    }
    const key = keyword.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(keyword);
    }
  });
  return result;
}

export function requireText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text.length === 0) throw new BadInputError(field, 'must not be empty.');
  if (text.length > maxLength) throw new BadInputError(field, `must be at most ${maxLength} characters (got ${text.length}).`);
  return text;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant an ISO 8601 date-time with Z or an offset denotes; null for anything ambiguous or invalid. */
export function parseIsoDateTime(value: string): Date | null {
  const text = value.trim();
  if (!ISO_DATE_TIME.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const LANGUAGE_TAG = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$/;

/**
 * The primary subtag of a language tag, lower-cased ("pt-BR" → "pt"): how languages are stored and
 * compared, so a filter matches whatever region the mention came with. null when it is not a tag.
 */
export function primaryLanguage(value: string): string | null {
  return LANGUAGE_TAG.exec(value.trim())?.[1]?.toLowerCase() ?? null;
}
