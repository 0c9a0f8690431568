/**
 * Statistical checks of the draw (issue 3 acceptance): over 20,000 simulated draws without quotas every
 * expert's count passes a chi-square uniformity test at p = 0.001, and the fairness report's estimates
 * agree with independent simulations, with quotas too. Floating point is fine here: only tests use it.
 */
import { describe, expect, it } from '@jest/globals';
import { concatBytes, uint32be, utf8 } from '../../../shared/bytes.js';
import { sha256 } from '../../../shared/hash.js';
import { fairnessReport } from '../../../shared/draw/fairness.js';
import { runDraw } from '../../../shared/draw/run.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import { makePool, makeSpec } from '../../helpers/draw-fixtures.js';

const DRAWS = 20000;
/** Upper 0.001 point of the standard normal. */
const Z_001 = 3.090232306167813;

/** Wilson–Hilferty approximation of the upper-α chi-square point for df degrees of freedom. */
function chiSquareCritical(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Seat counts per pool entry over `draws` draws with seeds independent of the fairness seeds. */
function simulate(
  spec: DrawSpec,
  pool: PoolEntry[],
  draws: number,
  label: string
): Map<string, number> {
  const counts = new Map(pool.map((e) => [e.registryNo, 0]));
  for (let j = 0; j < draws; j++) {
    const seed = sha256(concatBytes(utf8(label), uint32be(j)));
    for (const m of runDraw(spec, pool, seed).commission) counts.set(m, counts.get(m)! + 1);
  }
  return counts;
}

/**
 * Pearson's statistic for counts of a draw of `size` out of n, K times. Each draw picks `size`
 * distinct experts, so Var(count) = K·p(1−p) with p = size/n and Σ(c−E)²/E has mean n(1−p); the
 * factor (n−1)/(n−size) rescales it to a χ²(n−1) variable.
 */
function chiSquare(counts: number[], size: number, draws: number): number {
  const n = counts.length;
  const e = (draws * size) / n;
  return (counts.reduce((s, c) => s + (c - e) ** 2 / e, 0) * (n - 1)) / (n - size);
}

describe('uniformity without quotas', () => {
  const pool = makePool(40, 'statistics');
  const spec = makeSpec({ size: 5, reserves: 0 });
  const counts = simulate(spec, pool, DRAWS, 'uniformity');

  it('does pass a chi-square test at p = 0.001 over every expert', () => {
    const x2 = chiSquare([...counts.values()], 5, DRAWS);
    expect(x2).toBeLessThan(chiSquareCritical(39, Z_001));
    // A grossly non-uniform draw must fail the same test (the test has teeth).
    const skewed = [...counts.values()].map((c, i) => (i === 0 ? c + 600 : i === 1 ? c - 600 : c));
    expect(chiSquare(skewed, 5, DRAWS)).toBeGreaterThan(chiSquareCritical(39, Z_001));
  });

  it('does give each expert a count within its own 1-degree chi-square bound (Bonferroni over 40)', () => {
    const p = 5 / 40;
    const z = 4.21; // two-sided 0.001/40: P(|Z| > 4.21) ≈ 2.6e-5
    for (const [no, c] of counts) {
      const stat = (c - DRAWS * p) ** 2 / (DRAWS * p * (1 - p));
      expect([no, stat < z * z]).toEqual([no, true]);
    }
  });

  it('does agree with the fairness report', () => {
    const report = fairnessReport(spec, pool, sha256(utf8('announcement')), DRAWS);
    expect(
      chiSquare(
        report.entries.map((e) => e.count),
        5,
        DRAWS
      )
    ).toBeLessThan(chiSquareCritical(39, Z_001));
    for (const e of report.entries) {
      const p = 5 / 40;
      const diff = e.count / DRAWS - counts.get(e.registryNo)! / DRAWS;
      expect(Math.abs(diff)).toBeLessThan(4.5 * Math.sqrt((2 * p * (1 - p)) / DRAWS));
      expect(e.flagged).toBe(false);
    }
    expect(report.uniformPercent).toBe('12.50%');
  });
});

describe('fairness report with quotas', () => {
  it('does agree with an independent simulation and flags the experts the rules squeeze', () => {
    const pool = makePool(30, 'fairness-quotas', { regions: 3 });
    const spec = makeSpec({
      size: 5,
      reserves: 0,
      perOrganizationMax: 1,
      quotas: [
        { category: 'proposedBy', value: 'operator', max: 1 },
        { category: 'gender', value: 'female', min: 2 },
        { category: 'region', value: 'KZ-10', min: 1 },
      ],
    });
    const K = 5000;
    const report = fairnessReport(spec, pool, sha256(utf8('quota announcement')), K);
    const sim = simulate(spec, pool, K, 'independent');
    for (const e of report.entries) {
      const p = (e.count + sim.get(e.registryNo)!) / (2 * K);
      const sigma = Math.sqrt((2 * Math.max(p * (1 - p), 1 / K)) / K);
      expect([e.registryNo, Math.abs(e.count - sim.get(e.registryNo)!) / K < 5 * sigma]).toEqual([
        e.registryNo,
        true,
      ]);
    }
    // Rules make chances unequal here: some are flagged, and every flag matches its definition.
    const flagged = report.entries.filter((e) => e.flagged);
    expect(flagged.length).toBeGreaterThan(0);
    for (const e of report.entries) expect(e.flagged).toBe(2 * e.count * 30 < K * 5);
    expect(report.entries.reduce((s, e) => s + e.count, 0)).toBe(K * 5);
  });
});
