import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'crk';

export interface ParsedSecret {
  keyId: string;
  hash: Buffer;
}

/** A key secret is `crk_<key id without dashes>_<43 chars of base64url randomness>`; the id makes lookup a primary-key read. */
export function generateSecret(keyId: string): string {
  return `${PREFIX}_${keyId.replace(/-/g, '')}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function parseSecret(secret: string): ParsedSecret | null {
  const match = /^crk_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/.exec(secret);
  if (!match?.[1]) return null;
  const hex = match[1];
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, hash: hashSecret(secret) };
}

/** Constant-time comparison of two SHA-256 digests. */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function generateAdminKey(): string {
  return `${PREFIX}_admin_${randomBytes(32).toString('base64url')}`;
}

/**
 * The key of an Authorization header: `Bearer <key>`, or `Basic` with the key as password (what Excel, Power
 * BI and Tableau web connectors can send).
 */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header.trim());
  if (!basic) return null;
  const credentials = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const password = credentials.slice(credentials.indexOf(':') + 1);
  return credentials.includes(':') && password.length > 0 ? password : null;
}
