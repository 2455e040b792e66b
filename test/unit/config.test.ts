import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('scores ingested texts on all cores but one, one to four threads, unless SCORING_THREADS says otherwise', () => {
    expect(loadConfig({}).SCORING_THREADS).toBe(Math.max(1, Math.min(4, availableParallelism() - 1)));
    expect(loadConfig({ SCORING_THREADS: '0' }).SCORING_THREADS).toBe(0);
    expect(loadConfig({ SCORING_THREADS: '3' }).SCORING_THREADS).toBe(3);
  });

  it('names SCORING_THREADS when it is not a whole number from 0 to 64', () => {
    for (const bad of ['-1', '1.5', 'many', '65']) {
      expect(() => loadConfig({ SCORING_THREADS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SCORING_THREADS: bad })).toThrow(/SCORING_THREADS/);
    }
  });
});
