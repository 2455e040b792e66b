import { Platform, SentimentLabel } from '../entities/enums';
import { isId, parseIsoDateTime, primaryLanguage } from '../services/validation';

export interface AuthorFields {
  handle: string;
  displayName?: string | null;
  followers?: number | null;
  verified?: boolean | null;
}

/** What a client sends for one mention (MentionInput). */
export interface MentionFields {
  platform: Platform;
  externalId: string;
  text: string;
  /** A Date, or the raw string of a DateTimeString, parsed here so a bad one rejects only its item. */
  postedAt: Date | string;
  author: AuthorFields;
  url?: string | null;
  language?: string | null;
  sentiment?: number | null;
  sentimentLabel?: SentimentLabel | null;
  reach?: number | null;
  likes?: number | null;
  shares?: number | null;
  comments?: number | null;
  incidentId?: string | null;
  inReplyToExternalId?: string | null;
  sharedFromExternalId?: string | null;
}

/** A mention that passed validation, normalised; sentiment and language may still be missing. */
export interface ValidMention {
  index: number;
  platform: Platform;
  externalId: string;
  text: string;
  postedAt: Date;
  authorHandle: string;
  authorKey: string;
  authorDisplayName: string | null;
  authorFollowers: number | null;
  authorVerified: boolean | null;
  url: string | null;
  language: string | null;
  sentiment: number | null;
  sentimentLabel: SentimentLabel | null;
  reach: number | null;
  likes: number;
  shares: number;
  comments: number;
  incidentId: string | null;
  inReplyToExternalId: string | null;
  sharedFromExternalId: string | null;
}

export interface ItemError {
  field: string;
  message: string;
}

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_COUNT = 500_000_000;
const MAX_EXTERNAL_ID = 256;
const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

/**
 * Checks one mention on its own. Returns the normalised mention, or the first problem found with the
 * input field to fix (a rejected item never touches the database).
 */
export function validateMention(input: MentionFields, index: number, now: Date): ValidMention | ItemError {
  const externalId = input.externalId;
  if (externalId.trim().length === 0) return { field: 'externalId', message: 'must not be empty.' };
  const idProblem = storableText(externalId, MAX_EXTERNAL_ID);
  if (idProblem) return { field: 'externalId', message: idProblem };

  const textProblem = storableText(input.text, MAX_TEXT_LENGTH);
  if (textProblem) return { field: 'text', message: textProblem };

  const postedAt = input.postedAt instanceof Date ? input.postedAt : parseIsoDateTime(input.postedAt);
  if (!postedAt || Number.isNaN(postedAt.getTime())) {
    return { field: 'postedAt', message: `"${String(input.postedAt).slice(0, 40)}" is not an ISO 8601 date-time with Z or an offset.` };
  }
  if (postedAt.getTime() < EARLIEST) return { field: 'postedAt', message: 'must be 1990-01-01 or later.' };
  if (postedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { field: 'postedAt', message: `is more than a day in the future (${postedAt.toISOString()}); send UTC or an explicit offset.` };
  }

  const handle = input.author.handle.trim().replace(/^@+/, '');
  if (handle.length === 0 || handle.length > 256 || /\s/.test(handle)) {
    return { field: 'author.handle', message: 'must be 1–256 characters without spaces (a leading @ is ignored).' };
  }
  const handleProblem = storableText(handle, 256);
  if (handleProblem) return { field: 'author.handle', message: handleProblem };
  const displayName = input.author.displayName ?? null;
  if (displayName !== null) {
    const problem = storableText(displayName, 256);
    if (problem) return { field: 'author.displayName', message: problem };
  }
  const followers = input.author.followers ?? null;
  if (followers !== null && !isCount(followers, 2_000_000_000)) return { field: 'author.followers', message: 'must be a whole number from 0 to 2,000,000,000.' };

  let url: string | null = null;
  if (input.url !== null && input.url !== undefined && input.url.trim() !== '') {
    url = input.url.trim();
    if (url.length > 2048 || storableText(url, 2048) || !isHttpUrl(url)) return { field: 'url', message: 'must be an http(s) URL of at most 2,048 characters.' };
  }

  let language: string | null = null;
  if (input.language !== null && input.language !== undefined && input.language.trim() !== '') {
    language = primaryLanguage(input.language);
    if (!language) return { field: 'language', message: `"${input.language.slice(0, 20)}" is not a language code such as "en", "id" or "pt-BR".` };
  }

  const sentiment = input.sentiment ?? null;
  if (sentiment !== null && !(Number.isFinite(sentiment) && sentiment >= -1 && sentiment <= 1)) {
    return { field: 'sentiment', message: 'must be a number from -1 to 1.' };
  }

  for (const field of ['reach', 'likes', 'shares', 'comments'] as const) {
    const value = input[field];
    if (value !== null && value !== undefined && !isCount(value, MAX_COUNT)) {
      return { field, message: `must be a whole number from 0 to ${MAX_COUNT.toLocaleString('en-US')}.` };
    }
  }

  const incidentId = input.incidentId ?? null;
  if (incidentId !== null && !isId(incidentId)) return { field: 'incidentId', message: `"${incidentId.slice(0, 60)}" is not a valid ID.` };

  for (const field of ['inReplyToExternalId', 'sharedFromExternalId'] as const) {
    const value = input[field];
    if (value !== null && value !== undefined) {
      if (value.trim() === '') return { field, message: `must be 1–${MAX_EXTERNAL_ID} characters.` };
      const problem = storableText(value, MAX_EXTERNAL_ID);
      if (problem) return { field, message: problem };
    }
  }

  return {
    index,
    platform: input.platform,
    externalId,
    text: input.text,
    postedAt,
    authorHandle: handle,
    authorKey: handle.toLowerCase(),
    authorDisplayName: displayName,
    authorFollowers: followers,
    authorVerified: input.author.verified ?? null,
    url,
    language,
    sentiment,
    sentimentLabel: input.sentimentLabel ?? null,
    reach: input.reach ?? null,
    likes: input.likes ?? 0,
    shares: input.shares ?? 0,
    comments: input.comments ?? 0,
    incidentId: incidentId?.toLowerCase() ?? null,
    inReplyToExternalId: input.inReplyToExternalId ?? null,
    sharedFromExternalId: input.sharedFromExternalId ?? null,
  };
}

export function isItemError(value: ValidMention | ItemError): value is ItemError {
  return 'message' in value;
}

/** Anything PostgreSQL can store as text and that round-trips unchanged: no NUL, no lone surrogate. */
function storableText(value: string, maxLength: number): string | null {
  if (value.length > maxLength) return `must be at most ${maxLength.toLocaleString('en-US')} characters (got ${value.length.toLocaleString('en-US')}).`;
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored; remove it.';
  if (!value.isWellFormed()) return 'contains an unpaired UTF-16 surrogate (broken emoji?); send valid Unicode.';
  return null;
}

function isCount(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
