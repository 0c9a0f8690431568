/**
 * A token bucket per socket (the classic leaky-bucket-as-meter): `capacity` packets at once, refilled
 * at `perSecond`. Viewers send a couple of packets per connection, so a bucket that runs dry means a
 * misbehaving client; the caller disconnects it. State is two numbers kept in socket.data, so many
 * thousands of sockets cost next to nothing.
 */

export interface BucketPolicy {
  capacity: number;
  perSecond: number;
}

/** A page subscribes to the list and one draw per connection; re-subscribes after a gap are rare. */
export const VIEWER_BUCKET: BucketPolicy = { capacity: 10, perSecond: 1 };

export interface BucketState {
  tokens: number;
  /** monotonic ms (performance.now) of the last refill */
  lastMs: number;
}

export function newBucket(policy: BucketPolicy, nowMs: number): BucketState {
  return { tokens: policy.capacity, lastMs: nowMs };
}

/** Takes one token; false when the bucket is empty (the packet must be refused). */
export function takeToken(policy: BucketPolicy, b: BucketState, nowMs: number): boolean {
  const elapsed = Math.max(0, nowMs - b.lastMs);
  b.tokens = Math.min(policy.capacity, b.tokens + (elapsed * policy.perSecond) / 1000);
  b.lastMs = nowMs;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
