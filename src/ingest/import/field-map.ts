import type { MentionFields } from '../validate-mention';

/** MentionInput fields a file column can feed, with how the cell text is turned into the field's value. */
const FIELDS = {
  platform: 'platform',
  externalId: 'string',
  text: 'string',
  postedAt: 'string',
  url: 'string',
  language: 'string',
  sentiment: 'number',
  sentimentLabel: 'label',
  reach: 'integer',
  likes: 'integer',
  shares: 'integer',
  comments: 'integer',
  incidentId: 'string',
  inReplyToExternalId: 'string',
  sharedFromExternalId: 'string',
  'author.handle': 'string',
  'author.displayName': 'string',
  'author.followers': 'integer',
  'author.verified': 'boolean',
} as const;

export type TargetField = keyof typeof FIELDS;
export const TARGET_FIELDS = Object.keys(FIELDS) as TargetField[];

export interface FieldMap {
  /** target field → source column */
  columns: Partial<Record<TargetField, string>>;
  /** target field → constant cell text, for fields the file does not have (e.g. platform=TWITTER) */
  constants: Partial<Record<TargetField, string>>;
}

export class MappingError extends Error {}

/**
 * Parses `--map "tweet_id=externalId,created_at=postedAt"` and `--set platform=TWITTER`; columns named like a
 * field (`text`, `postedAt`, `author.handle`, or `author_handle`) map to it without being listed. `headers`
 * is null for NDJSON, whose keys are only known line by line.
 */
export function buildFieldMap(map: string | undefined, sets: readonly string[], headers: readonly string[] | null): FieldMap {
  const columns: FieldMap['columns'] = {};
  const constants: FieldMap['constants'] = {};
  // NDJSON has no header: any line may carry any field, under its own (dotted) name
  if (!headers) for (const target of TARGET_FIELDS) columns[target] = target;
  if (headers) {
    for (const header of headers) {
      const target = header.replace(/_handle$/, '.handle').replace(/^author_/, 'author.') as TargetField;
      if (target in FIELDS) columns[target] = header;
      else if ((header as TargetField) in FIELDS) columns[header as TargetField] = header;
    }
  }
  for (const pair of (map ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [column, target] = pair.split('=').map((p) => p?.trim());
    if (!column || !target || !(target in FIELDS)) {
      throw new MappingError(`--map "${pair}": write column=field, where field is one of ${TARGET_FIELDS.join(', ')}.`);
    }
    if (headers && !headers.includes(column)) throw new MappingError(`--map "${pair}": the file has no column "${column}" (it has ${headers.join(', ')}).`);
    columns[target as TargetField] = column;
  }
  for (const pair of sets) {
    const at = pair.indexOf('=');
    const target = pair.slice(0, at).trim();
    if (at < 0 || !(target in FIELDS)) throw new MappingError(`--set "${pair}": write field=value, where field is one of ${TARGET_FIELDS.join(', ')}.`);
    constants[target as TargetField] = pair.slice(at + 1);
  }
  for (const required of ['platform', 'externalId', 'text', 'postedAt', 'author.handle'] as const) {
    if (headers && !columns[required] && constants[required] === undefined) {
      throw new MappingError(`nothing feeds ${required}: add a column named ${required}, --map <column>=${required}, or --set ${required}=<value>.`);
    }
  }
  return { columns, constants };
}

export interface ConversionError {
  field: string;
  message: string;
}

/** One file record as a MentionInput, or the first cell that cannot become its field. */
export function toMention(record: Record<string, unknown>, fieldMap: FieldMap): MentionFields | ConversionError {
  const out: Record<string, unknown> = { author: {} };
  for (const target of TARGET_FIELDS) {
    const column = fieldMap.columns[target];
    const raw = column !== undefined ? record[column] : fieldMap.constants[target];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = convert(raw, FIELDS[target]);
    if (value === undefined) return { field: target, message: `"${String(raw).slice(0, 40)}" is not a valid ${FIELDS[target]}.` };
    if (target.startsWith('author.')) (out.author as Record<string, unknown>)[target.slice(7)] = value;
    else out[target] = value;
  }
  if ((out.author as Record<string, unknown>).handle === undefined) return { field: 'author.handle', message: 'is missing.' };
  for (const required of ['platform', 'externalId', 'text', 'postedAt'] as const) {
    if (out[required] === undefined) return { field: required, message: 'is missing.' };
  }
  return out as unknown as MentionFields;
}

export function isConversionError(value: MentionFields | ConversionError): value is ConversionError {
  return 'message' in value;
}

const PLATFORMS = new Set(['TWITTER', 'FACEBOOK', 'INSTAGRAM', 'LINKEDIN', 'YOUTUBE', 'TIKTOK', 'REDDIT', 'NEWS', 'BLOG', 'FORUM', 'OTHER']);
const LABELS = new Set(['POSITIVE', 'NEUTRAL', 'NEGATIVE']);

function convert(raw: unknown, kind: (typeof FIELDS)[TargetField]): unknown {
  if (typeof raw !== 'string') {
    // NDJSON keeps JSON types; accept them where they fit
    if (kind === 'number' && typeof raw === 'number') return raw;
    if (kind === 'integer' && Number.isInteger(raw)) return raw;
    if (kind === 'boolean' && typeof raw === 'boolean') return raw;
    if (kind === 'string' && typeof raw === 'number') return String(raw);
    if (kind === 'string' || kind === 'platform' || kind === 'label') return typeof raw === 'string' ? raw : undefined;
    return undefined;
  }
  const text = raw.trim();
  switch (kind) {
    case 'string':
      return raw;
    case 'platform':
      return PLATFORMS.has(text.toUpperCase()) ? text.toUpperCase() : undefined;
    case 'label':
      return LABELS.has(text.toUpperCase()) ? text.toUpperCase() : undefined;
    case 'number': {
      const value = Number(text);
      return text !== '' && Number.isFinite(value) ? value : undefined;
    }
    case 'integer': {
      const value = Number(text.replace(/[_,](?=\d{3})/g, ''));
      return Number.isInteger(value) ? value : undefined;
    }
    case 'boolean':
      if (/^(true|yes|1|y)$/i.test(text)) return true;
      if (/^(false|no|0|n)$/i.test(text)) return false;
      return undefined;
  }
}
