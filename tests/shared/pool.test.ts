import { describe, expect, it } from '@jest/globals';
import { concatBytes, toHex, utf8 } from '../../shared/bytes.js';
import { canonicalString } from '../../shared/canonical.js';
import { InputError, VerificationError } from '../../shared/errors.js';
import { sha256 } from '../../shared/hash.js';
import {
  freezePool,
  orgKey,
  poolLeaf,
  poolLeafHash,
  toPoolEntry,
  verifyPool,
  type PoolSource,
} from '../../shared/pool.js';
import { PoolEntry } from '../../shared/schemas/pool.js';
import type { Expert } from '../../shared/schemas/registry.js';

const expert = (registryNo: string, over: Partial<Expert> = {}): Expert => ({
  registryNo,
  fullNameRu: `Эксперт ${registryNo}`,
  directions: ['youth', 'ecology'],
  region: 'KZ-10',
  organizations: [{ name: 'ОФ «Болашақ»', role: 'member' }],
  gender: 'female',
  languages: ['ru', 'kk'],
  proposedBy: 'ngo',
  status: 'active',
  includedOn: '2021-01-01',
  iin: '900101300012',
  phone: '+7 701 000 00 00',
  ...over,
});

describe('orgKey', () => {
  it('does key an organization by its BIN when known', () => {
    expect(orgKey({ name: 'Anything', bin: '123456789012' })).toBe('bin:123456789012');
  });
  it('does normalize names: NFKC, lower case, punctuation and spaces folded', () => {
    expect(orgKey({ name: 'ОФ «Болашақ»' })).toBe('name:оф болашақ');
    expect(orgKey({ name: '  оф   "БОЛАШАҚ" ' })).toBe('name:оф болашақ');
    expect(orgKey({ name: 'Ｆｕｌｌ－Ｗｉｄｔｈ Co.' })).toBe('name:full width co');
  });
});

describe('toPoolEntry', () => {
  it('does keep only public rule fields, lists sorted by UTF-8 bytes', () => {
    const e = toPoolEntry(expert('R-1'));
    expect(e).toEqual({
      registryNo: 'R-1',
      nameRu: 'Эксперт R-1',
      region: 'KZ-10',
      gender: 'female',
      languages: ['kk', 'ru'],
      directions: ['ecology', 'youth'],
      proposedBy: 'ngo',
      organizations: ['name:оф болашақ'],
    });
    expect(PoolEntry.safeParse(e).success).toBe(true);
    expect(PoolEntry.safeParse({ ...e, iin: '900101300012' }).success).toBe(false);
  });
});

describe('freezePool', () => {
  const experts: PoolSource[] = ['R-9', 'R-10', 'R-1', 'r-2'].map((r) => expert(r));

  it('does order entries by registryNo bytes and commit to them with an RFC 6962 root', () => {
    const pool = freezePool(experts);
    expect(pool.entries.map((e) => e.registryNo)).toEqual(['R-1', 'R-10', 'R-9', 'r-2']);
    // Recompute the root by hand: leaf = H(0x00 || tag || 0x00 || JCS), node = H(0x01 || l || r).
    const leaf = (i: number) =>
      sha256(
        concatBytes(
          new Uint8Array([0]),
          utf8('adal-draw/1/pool-entry'),
          new Uint8Array([0]),
          utf8(canonicalString(pool.entries[i]))
        )
      );
    const node = (l: Uint8Array, r: Uint8Array) => sha256(concatBytes(new Uint8Array([1]), l, r));
    expect(pool.root).toBe(toHex(node(node(leaf(0), leaf(1)), node(leaf(2), leaf(3)))));
    expect(toHex(sha256(concatBytes(new Uint8Array([0]), poolLeaf(pool.entries[0]!))))).toBe(
      toHex(leaf(0))
    );
    pool.entries.forEach((e, i) => expect(toHex(poolLeafHash(e))).toBe(toHex(leaf(i))));
  });

  it('does refuse a registry number given twice', () => {
    expect(() => freezePool([...experts, expert('R-1')])).toThrowWithCode(
      InputError,
      'POOL_DUPLICATE'
    );
  });

  it('does give the empty tree root for an empty pool', () => {
    expect(freezePool([]).root).toBe(toHex(sha256(new Uint8Array(0))));
  });
});

describe('verifyPool', () => {
  const pool = freezePool(['R-1', 'R-2', 'R-3'].map((r) => expert(r)));
  it('does accept the pool as frozen', () => {
    expect(() => verifyPool(pool)).not.toThrow();
  });
  it('when an entry is edited does detect it', () => {
    const entries = pool.entries.map((e, i) => (i === 1 ? { ...e, region: 'KZ-11' } : e));
    expect(() => verifyPool({ ...pool, entries })).toThrowWithCode(
      VerificationError,
      'POOL_ROOT_MISMATCH'
    );
  });
  it('when entries are reordered or lists unsorted does refuse the pool', () => {
    const swapped = [pool.entries[1]!, pool.entries[0]!, pool.entries[2]!];
    expect(() => verifyPool({ ...pool, entries: swapped })).toThrowWithCode(
      VerificationError,
      'POOL_NOT_CANONICAL'
    );
    const unsorted = pool.entries.map((e, i) => (i === 0 ? { ...e, languages: ['ru', 'kk'] } : e));
    expect(() => verifyPool({ ...pool, entries: unsorted })).toThrowWithCode(
      VerificationError,
      'POOL_NOT_CANONICAL'
    );
  });
});
