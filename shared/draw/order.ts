/**
 * The random order of the whole frozen pool (docs/PROTOCOL.md §Order). Method 'adal-v1': the
 * Fisher–Yates shuffle driven by the SHA-256 counter-mode RNG from the seed (shared/rng.ts). Method
 * 'rfc3797': RFC 3797 §5 run to the full pool size over the public sources in their announced order
 * (shared/rfc3797.ts), so selection i is position i of the order. Either way the walk is the same.
 */
import { nobleHasher, type Hasher } from '../hash.js';
import { LazyShuffle } from '../rng.js';
import { rfc3797Select, type Rfc3797Source } from '../rfc3797.js';
import { DrawError, InputError } from '../errors.js';
import type { DrawSpec } from '../schemas/draw-spec.js';

/** The randomness a draw consumes: the 32-byte seed, or for RFC 3797 the sources in announced order. */
export type DrawEntropy = Uint8Array | { rfc3797Sources: readonly Rfc3797Source[] };

// ArrayBuffer.isView, not instanceof: a Uint8Array from another realm (jest's vm contexts) still counts.
const isSeed = (e: DrawEntropy): e is Uint8Array => ArrayBuffer.isView(e);

/** A lazy order: each call returns the next 0-based pool index, or undefined at the end. */
export function orderOf(
  spec: DrawSpec,
  n: number,
  entropy: DrawEntropy,
  hasher: Hasher = nobleHasher
): () => number | undefined {
  if (spec.method === 'adal-v1') {
    if (!isSeed(entropy) || entropy.length !== 32)
      throw new InputError('ENTROPY_MISMATCH', "method 'adal-v1' draws from a 32-byte seed");
    const s = new LazyShuffle(entropy, n, hasher);
    return () => s.next();
  }
  if (isSeed(entropy))
    throw new InputError('ENTROPY_MISMATCH', "method 'rfc3797' draws from the public sources");
  if (entropy.rfc3797Sources.length !== spec.entropy.publicSources.length)
    throw new InputError('ENTROPY_MISMATCH', 'give one value per announced public source');
  const positions =
    n === 0
      ? []
      : rfc3797Select(entropy.rfc3797Sources, n, n).selections.map((s) => s.position - 1);
  let i = 0;
  return () => positions[i++];
}

/** The whole order as 0-based pool indexes (position p+1 holds pool entry result[p]+1). */
export function drawOrder(
  spec: DrawSpec,
  n: number,
  entropy: DrawEntropy,
  hasher: Hasher = nobleHasher
): number[] {
  const next = orderOf(spec, n, entropy, hasher);
  const out: number[] = [];
  for (let x = next(); x !== undefined; x = next()) out.push(x);
  return out;
}

/**
 * The randomness a draw consumes, from what was published: the seed for 'adal-v1'; for 'rfc3797' the
 * published values of the announced public sources, in the order the spec announced them (not sorted
 * by id, not in publication order). The one mapping the server, replay and the verifier all use.
 */
export function drawEntropy(
  spec: DrawSpec,
  seed: Uint8Array | null,
  published: readonly { id: string; value: Rfc3797Source }[]
): DrawEntropy {
  if (spec.method === 'adal-v1') {
    if (seed === null)
      throw new InputError('ENTROPY_MISMATCH', "method 'adal-v1' draws from a seed");
    return seed;
  }
  return {
    rfc3797Sources: spec.entropy.publicSources.map((p) => {
      const s = published.find((x) => x.id === p.id);
      if (!s)
        throw new DrawError('SOURCE_MISSING', `public source ${p.id} has no published values`);
      return s.value;
    }),
  };
}
