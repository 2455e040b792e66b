import { describe, expect, it } from 'vitest';
import { eventLoopSlices } from '../../src/ingest/event-loop-slices';

describe('eventLoopSlices', () => {
  it('lets a waiting callback run during a long loop, and does not pause before its slice is over', async () => {
    let ranAt = -1;
    setImmediate(() => (ranAt = iteration));
    const pause = eventLoopSlices(5);
    let iteration = 0;
    expect(pause()).toBeUndefined();
    const started = performance.now();
    while (performance.now() - started < 30) {
      iteration += 1;
      const paused = pause();
      if (paused) await paused;
    }
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt).toBeLessThan(iteration);
  });
});
