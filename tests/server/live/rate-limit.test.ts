/**
 * The per-socket token bucket with explicit times (the socket tests exercise it over real
 * connections; here its refill arithmetic is pinned down).
 */
import { describe, expect, it } from '@jest/globals';
import { newBucket, takeToken, VIEWER_BUCKET } from '../../../server/live/rate-limit.js';

describe('takeToken', () => {
  it('does allow a burst of `capacity` packets, then refuse', () => {
    const b = newBucket(VIEWER_BUCKET, 0);
    const taken = Array.from({ length: VIEWER_BUCKET.capacity + 3 }, () =>
      takeToken(VIEWER_BUCKET, b, 0)
    );
    expect(taken.filter(Boolean)).toHaveLength(VIEWER_BUCKET.capacity);
    expect(taken.slice(VIEWER_BUCKET.capacity)).toEqual([false, false, false]);
  });

  it('does refill at perSecond, never above capacity', () => {
    const policy = { capacity: 4, perSecond: 2 };
    const b = newBucket(policy, 1000);
    for (let i = 0; i < 4; i++) expect(takeToken(policy, b, 1000)).toBe(true);
    expect(takeToken(policy, b, 1000)).toBe(false);
    expect(takeToken(policy, b, 1400)).toBe(false); // 0.8 of a token
    expect(takeToken(policy, b, 1500)).toBe(true); // 1.0
    expect(takeToken(policy, b, 1500)).toBe(false);
    expect(takeToken(policy, b, 60_000)).toBe(true); // a long pause refills to capacity only
    for (let i = 0; i < 3; i++) expect(takeToken(policy, b, 60_000)).toBe(true);
    expect(takeToken(policy, b, 60_000)).toBe(false);
  });

  it('does not mint tokens when the clock goes backwards', () => {
    const policy = { capacity: 1, perSecond: 1 };
    const b = newBucket(policy, 5000);
    expect(takeToken(policy, b, 5000)).toBe(true);
    expect(takeToken(policy, b, 1000)).toBe(false);
    expect(takeToken(policy, b, 1999)).toBe(false);
  });
});
