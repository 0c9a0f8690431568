/**
 * Requests per client address for the heavy public routes (a PDF, a bundle, the registry CSV: each
 * costs real CPU or bytes): a token bucket per address, `perMinute` requests at once and refilled at
 * `perMinute` a minute (HEAVY_REQ_PER_MIN). An empty bucket answers 429 RATE_LIMITED with
 * Retry-After (server/router.ts). Buckets live in this process; full ones are swept as the map grows,
 * so an address that stopped asking costs nothing for long.
 */

interface Bucket {
  tokens: number;
  lastMs: number;
}

export interface AddressLimit {
  /** 0 when the request may go ahead (a token is taken), else the seconds until one is back */
  take(addr: string, nowMs: number): number;
}

const SWEEP_AT = 10_000;

export function addressLimit(perMinute: number): AddressLimit {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  const refill = (b: Bucket, nowMs: number) => {
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, nowMs - b.lastMs) * perMs);
    b.lastMs = nowMs;
  };
  return {
    take(addr, nowMs) {
      let b = buckets.get(addr);
      if (!b) {
        if (buckets.size >= SWEEP_AT)
          for (const [k, v] of buckets) {
            refill(v, nowMs);
            if (v.tokens >= perMinute) buckets.delete(k);
          }
        b = { tokens: perMinute, lastMs: nowMs };
        buckets.set(addr, b);
      }
      refill(b, nowMs);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    },
  };
}
