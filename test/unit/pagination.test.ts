import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../src/services/pagination';
import { slugify } from '../../src/services/organizations.service';
import { bearerToken, generateSecret, parseSecret, sameHash, hashSecret } from '../../src/auth/secrets';

describe('page size', () => {
  it('defaults to 50 and accepts 1 to 500', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(null)).toBe(50);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(500)).toBe(500);
  });

  it.each([0, -1, 501, 100_000, 1.5])('rejects first: %d naming the argument', (first) => {
    expect(() => pageSize(first)).toThrow(/^first: must be between 1 and 500/);
  });
});

describe('keyset cursors', () => {
  it('round-trip the sort value and id, dates as ISO strings', () => {
    const cursor = encodeCursor('POSTED_AT_DESC', [new Date('2026-01-02T03:04:05.678Z'), 'abc']);
    expect(decodeCursor(cursor, 'POSTED_AT_DESC', 2)).toEqual(['2026-01-02T03:04:05.678Z', 'abc']);
  });

  it('refuses a cursor of another order, of another shape, or garbage', () => {
    const cursor = encodeCursor('REACH_DESC', [5, 'abc']);
    expect(() => decodeCursor(cursor, 'POSTED_AT_DESC', 2)).toThrow(/^after:/);
    expect(() => decodeCursor(encodeCursor('REACH_DESC', [5]), 'REACH_DESC', 2)).toThrow(/^after:/);
    expect(() => decodeCursor('!!!not base64', 'REACH_DESC', 2)).toThrow(/^after:/);
    expect(decodeCursor(null, 'REACH_DESC', 2)).toBeNull();
  });

  it('cuts the extra row and says whether another page exists', () => {
    expect(toPage([1, 2, 3], 2, String)).toEqual({ nodes: [1, 2], cursors: ['1', '2'], hasNextPage: true, totalCount: undefined });
    expect(toPage([1, 2], 2, String).hasNextPage).toBe(false);
    expect(toPage([], 2, String)).toEqual({ nodes: [], cursors: [], hasNextPage: false, totalCount: undefined });
  });
});

describe('slugify', () => {
  it.each([
    ['Acme Air', 'acme-air'],
    ['  Café Nero Ltd. ', 'cafe-nero-ltd'],
    ['PT. Garuda Indonesia (Persero) Tbk', 'pt-garuda-indonesia-persero-tbk'],
    ['日本航空', 'organization'],
    ['---', 'organization'],
  ])('turns %s into %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('keeps slugs within 90 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(89)} b c`);
    expect(slug.length).toBeLessThanOrEqual(90);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('key secrets', () => {
  it('carry the key id, so a lookup is a primary-key read', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const secret = generateSecret(id);
    expect(parseSecret(secret)?.keyId).toBe(id);
    expect(sameHash(parseSecret(secret)!.hash, hashSecret(secret))).toBe(true);
  });

  it('differ every time and fail to parse when altered', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(generateSecret(id)).not.toBe(generateSecret(id));
    expect(parseSecret(`${generateSecret(id)}x`)).toBeNull();
    expect(parseSecret('crk_admin_whatever')).toBeNull();
  });

  it('read only the Bearer scheme from the Authorization header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});
