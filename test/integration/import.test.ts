import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Viewer } from '../../src/auth/viewer';
import { MentionIngestor } from '../../src/ingest/ingest-mentions';
import { MappingError } from '../../src/ingest/import/field-map';
import { importMentions, type ImportOptions } from '../../src/ingest/import/importer';
import { createOrganization } from '../support/factory';
import { rollupDifferences } from '../support/rollup-consistency';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the file importer', () => {
  let app: TestApp;
  let orgId: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-import-'));

  beforeAll(async () => {
    app = await startTestApp();
    orgId = (await createOrganization(app, 'Import Org')).id;
  });
  afterAll(() => app.close());

  const options = (file: string, extra: Partial<ImportOptions> = {}): ImportOptions => ({
    file,
    format: file.endsWith('.csv') ? 'csv' : 'ndjson',
    organizationId: orgId,
    sets: [],
    batchSize: 3,
    rejectsFile: `${file}.rejects`,
    stateFile: `${file}.state`,
    restart: false,
    now: () => new Date('2026-11-20T00:00:00Z'),
    ...extra,
  });
  const count = async (prefix: string) =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM mentions WHERE external_id LIKE $1`, [`${prefix}%`]))[0].n;

  it('imports CSV through a column map and constants, quoting and newlines included, rejects with reasons', async () => {
    const file = path.join(dir, 'tweets.csv');
    writeFileSync(
      file,
      [
        'tweet_id,created,body,user,followers',
        'c1,2026-11-01T10:00:00Z,"Delayed again, ""thanks"" a lot",alice,100',
        'c2,2026-11-01T11:00:00Z,"line one\nline two",bob,2000',
        'c3,not-a-date,broken row,carol,5',
        'c4,2026-11-01T12:00:00Z,fine,dave,many',
        'c5,2026-11-01T13:00:00Z,Great service 👍,erin,',
      ].join('\n'),
    );
    const summary = await importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file, {
      map: 'tweet_id=externalId,created=postedAt,body=text,user=author.handle,followers=author.followers',
      sets: ['platform=TWITTER'],
    }));
    expect(summary).toMatchObject({ records: 5, accepted: 3, inserted: 3, rejected: 2 });
    const rejects = readFileSync(`${file}.rejects`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejects.map((r) => [r.record, r.field]).sort((a, b) => a[0] - b[0])).toEqual([[3, 'postedAt'], [4, 'author.followers']]);
    const text = (await app.dataSource.query(`SELECT text FROM mentions WHERE external_id = 'c2'`))[0].text;
    expect(text).toBe('line one\nline two');
    expect(await rollupDifferences(app.dataSource, orgId)).toEqual([]);
  });

  it('imports NDJSON shaped like MentionInput without a map', async () => {
    const file = path.join(dir, 'mentions.ndjson');
    const lines = Array.from({ length: 7 }, (_, i) =>
      JSON.stringify({
        platform: 'REDDIT',
        externalId: `n${i}`,
        text: `post ${i}`,
        postedAt: '2026-11-02T00:00:00Z',
        author: { handle: `u${i}`, followers: i * 10 },
        reach: i,
        // fields that first appear on a later line count too
        ...(i > 3 ? { url: `https://example.com/${i}` } : {}),
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n{not json}\n`);
    const summary = await importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file));
    expect(summary).toMatchObject({ records: 8, inserted: 7, rejected: 1 });
    expect(await count('n')).toBe(7);
    const urls = await app.dataSource.query(`SELECT count(url)::int AS n FROM mentions WHERE external_id LIKE 'n%'`);
    expect(urls[0].n).toBe(3);
  });

  it('resumes after an interruption where it stopped, ending with exactly the records sent', async () => {
    const file = path.join(dir, 'resume.ndjson');
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ platform: 'TWITTER', externalId: `r${i}`, text: `resume ${i}`, postedAt: '2026-11-03T00:00:00Z', author: { handle: 'resumer' } }),
    );
    writeFileSync(file, lines.join('\n'));
    let batches = 0;
    await expect(
      importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file, {
        onProgress: () => {
          batches += 1;
          if (batches === 3) throw new Error('killed');
        },
      })),
    ).rejects.toThrow('killed');
    expect(await count('r')).toBe(9);
    const resumed = await importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file));
    expect(resumed.resumedAfter).toBe(9);
    expect(resumed).toMatchObject({ skipped: 9, records: 11, inserted: 11 });
    expect(await count('r')).toBe(20);
    const again = await importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file, { restart: true }));
    expect(again).toMatchObject({ records: 20, inserted: 0, unchanged: 20 });
    expect(await rollupDifferences(app.dataSource, orgId)).toEqual([]);
  });

  it('says which field nothing feeds when the map is incomplete', async () => {
    const file = path.join(dir, 'nomap.csv');
    writeFileSync(file, 'id,when,body\n1,2026-11-01T00:00:00Z,hi\n');
    await expect(importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file))).rejects.toThrow(MappingError);
    await expect(importMentions(new MentionIngestor(app.dataSource), Viewer.admin(), options(file))).rejects.toThrow(/platform/);
  });
});
