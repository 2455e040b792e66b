import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineScorer } from '../../src/ingest/text-scoring';

describe('text scoring on the main thread', () => {
  it('is not loaded by the server\'s modules (its vocabularies and n-gram tables stay on the scoring threads)', () => {
    const script = `require('reflect-metadata'); require('./src/server.ts');
      const loaded = Object.keys(require.cache).filter((file) => /tinyld|analytics[\\\\/](sentiment[\\\\/]|language)/.test(file));
      process.stdout.write(JSON.stringify(loaded));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  }, 60_000);

  it('is loaded when the inline scorer is first used', async () => {
    const result = await inlineScorer.score({ texts: ['flight delayed again, never again', 'pelayanan bagus sekali'], languages: [null, null], scoreSentiment: [true, true] });
    expect(result.languages).toEqual(['en', 'id']);
    expect(result.sentiments[0]).toBeLessThan(0);
    expect(result.sentiments[1]).toBeGreaterThan(0);
  });
});
