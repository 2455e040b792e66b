import { describe, expect, it } from 'vitest';
import { influenceScore } from '../../src/analytics/influence';
import { labelForSentiment } from '../../src/analytics/sentiment-label';

describe('influenceScore', () => {
  it.each([
    [{ followers: 0, verified: false }, 0],
    [{ followers: 0, verified: true }, 20],
    [{ followers: 9, verified: false }, 10],
    [{ followers: 999_999, verified: false }, 60],
    [{ followers: 99_999_999, verified: true }, 100],
    [{ followers: 5_000_000_000, verified: true }, 100],
    [{ followers: -5, verified: false }, 0],
    [{ followers: Number.NaN, verified: false }, 0],
  ])('scores %o as %d', (inputs, expected) => {
    expect(influenceScore(inputs)).toBe(expected);
  });

  it('never leaves [0, 100] and grows with followers', () => {
    let previous = -1;
    for (let followers = 0; followers < 1e10; followers = followers * 3 + 1) {
      const score = influenceScore({ followers, verified: false });
      expect(score).toBeGreaterThanOrEqual(previous);
      expect(score).toBeLessThanOrEqual(100);
      previous = score;
    }
  });
});

describe('labelForSentiment', () => {
  it.each([
    [1, 'POSITIVE'],
    [0.05, 'POSITIVE'],
    [0.0499, 'NEUTRAL'],
    [0, 'NEUTRAL'],
    [-0.0499, 'NEUTRAL'],
    [-0.05, 'NEGATIVE'],
    [-1, 'NEGATIVE'],
  ])('labels %d as %s', (score, label) => {
    expect(labelForSentiment(score)).toBe(label);
  });
});
