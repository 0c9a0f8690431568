import { describe, expect, it } from '@jest/globals';
import { sha256 } from '../../../shared/hash.js';
import { drawOrder } from '../../../shared/draw/order.js';
import { runDraw } from '../../../shared/draw/run.js';
import { shuffleOrder } from '../../../shared/rng.js';
import { InputError } from '../../../shared/errors.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';
import vectors from '../../vectors/rfc3797-section6.json' with { type: 'json' };

const rfc = vectors.cases[0]!;
const rfcSpec = (size: number, reserves: number) =>
  makeSpec({
    method: 'rfc3797',
    size,
    reserves,
    entropy: {
      publicSources: rfc.sources_as_published.map((_, i) => ({
        id: `s${i + 1}`,
        description: `source ${i + 1}`,
      })),
    },
    witnesses: [],
  });
/** The RFC's 25 names as pool entries whose canonical order is the RFC's list order. */
const rfcPool: PoolEntry[] = rfc.names.map((name, i) => ({
  registryNo: `N-${String(i + 1).padStart(2, '0')}`,
  nameRu: name,
  region: 'KZ-10',
  languages: ['ru'],
  directions: ['youth'],
  proposedBy: 'ngo',
  organizations: [],
}));

describe('order', () => {
  it('does shuffle with the seed for adal-v1', () => {
    const seed = sha256(new Uint8Array([3]));
    expect(drawOrder(makeSpec(), 30, seed)).toEqual(shuffleOrder(seed, 30));
  });

  it('does reproduce the RFC 3797 §6 selections in rfc3797 mode, members then reserves', () => {
    const sources = { rfc3797Sources: rfc.sources_as_published };
    const expected = rfc.expected.map((e) => e.selected);
    expect(
      drawOrder(rfcSpec(15, 1), 25, sources)
        .slice(0, 16)
        .map((i) => i + 1)
    ).toEqual(expected);
    const result = runDraw(rfcSpec(15, 1), rfcPool, sources);
    expect(result.commission.map((no) => rfcPool.find((e) => e.registryNo === no)!.nameRu)).toEqual(
      [...rfc.first_10_selected_names, ...expected.slice(10, 15).map((p) => rfc.names[p - 1])]
    );
    expect(result.reserves).toEqual([rfcPool[expected[15]! - 1]!.registryNo]);
  });

  it('when the randomness does not fit the method does refuse it', () => {
    const seed = sha256(new Uint8Array([3]));
    expect(() => drawOrder(makeSpec(), 5, { rfc3797Sources: [[1]] })).toThrowWithCode(
      InputError,
      'ENTROPY_MISMATCH'
    );
    expect(() => drawOrder(rfcSpec(3, 0), 5, seed)).toThrowWithCode(InputError, 'ENTROPY_MISMATCH');
    expect(() => drawOrder(rfcSpec(3, 0), 5, { rfc3797Sources: [[1]] })).toThrowWithCode(
      InputError,
      'ENTROPY_MISMATCH'
    );
    expect(drawOrder(rfcSpec(3, 0), 0, { rfc3797Sources: rfc.sources_as_published })).toEqual([]);
  });
});
