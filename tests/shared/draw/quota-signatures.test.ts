import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { signPool } from '../../../shared/draw/quota-signatures.js';
import { completionExists, wholePoolView } from '../../../shared/draw/completion.js';
import { compileRules } from '../../../shared/draw/compile-rules.js';
import { runDraw } from '../../../shared/draw/run.js';
import { sha256 } from '../../../shared/hash.js';
import type { Quota } from '../../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import { bruteCompletion, isValidCommission } from '../../helpers/draw-brute.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

describe('quota signatures', () => {
  it('does group exactly the entries that count toward the same quotas, ids in order of first appearance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), { maxLength: 30 }),
        (quotaCount, rows) => {
          const holds = rows.map((r) => r.slice(0, quotaCount));
          const s = signPool(holds.length, quotaCount, (q, out) => {
            const hits = holds.flatMap((r, i) => (r[q] ? [i] : []));
            out.set(hits);
            return hits.length;
          });
          // brute force: the quota set of each entry, named by its first holder
          const keyOf = (r: boolean[]) => r.map((x) => (x ? 1 : 0)).join('');
          const firstSeen: string[] = [];
          holds.forEach((r) => {
            if (!firstSeen.includes(keyOf(r))) firstSeen.push(keyOf(r));
          });
          holds.forEach((r, i) => {
            expect(s.sigOf[i]).toBe(firstSeen.indexOf(keyOf(r)));
            expect(s.sigQuotas[s.sigOf[i]!]).toEqual(r.flatMap((x, q) => (x ? [q] : [])));
          });
          expect(s.bySig.flat().sort((a, b) => a - b)).toEqual(holds.map((_, i) => i));
          s.bySig.forEach((members, id) => members.forEach((i) => expect(s.sigOf[i]).toBe(id)));
        }
      ),
      { seed: 3, numRuns: 500 }
    );
  });

  it('does decide completions with more quotas than a 32-bit mask holds, as brute force does', () => {
    // 40 direction quotas (the schema allows 30: the solver itself has no ceiling)
    const dirs = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    let yes = 0;
    fc.assert(
      fc.property(
        fc.array(fc.subarray(dirs, { minLength: 1, maxLength: 6 }), { minLength: 3, maxLength: 9 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
        (held, bounds) => {
          const entries: PoolEntry[] = held.map((d, i) => ({
            registryNo: `R-${i + 10}`,
            region: 'KZ-10',
            languages: ['kk'],
            directions: [...d].sort(),
            proposedBy: 'ngo',
            organizations: [],
          }));
          // mins on quotas 33 and 38 (beyond bit 31), maxes 0, 1 or 2 on the others
          const quotas = dirs.map((value, q): Quota =>
            q === 33 || q === 38
              ? { category: 'direction', value, min: 1 }
              : { category: 'direction', value, max: [0, 1, 1, 2, 2, 2][bounds[q]!]! }
          );
          const spec = makeSpec({ size: 3, reserves: 1, quotas });
          expect(spec.quotas.length).toBe(40);
          const rules = compileRules(spec, entries);
          const want = bruteCompletion(spec, [], entries);
          expect(completionExists(rules, wholePoolView(rules))).toBe(want);
          if (!want) return;
          yes++;
          const r = runDraw(spec, entries, sha256(new Uint8Array([held.length])));
          const members = r.commission.map((no) => entries.find((e) => e.registryNo === no)!);
          expect(isValidCommission(spec, members)).toBe(true);
        }
      ),
      { seed: 11, numRuns: 400 }
    );
    expect(yes).toBeGreaterThan(20);
  });
});
