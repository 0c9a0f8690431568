/**
 * The two-lot ceremony example of docs/PROTOCOL.md §Ceremonies, computed value by value with the
 * protocol's own functions (shared/ceremony.ts, the pool, seed, shuffle, selection and replacement
 * of a single draw). tests/docs/ceremony-example.test.ts reads the input and the `name = value`
 * lines from the document and compares them with these; tests/conformance runs adal_ref.py on the
 * same document, so the Python reference computes them independently too.
 */
import { z } from 'zod';
import { fromHex, toHex } from '../../shared/bytes.js';
import { canonicalString } from '../../shared/canonical.js';
import { leafHash } from '../../shared/merkle.js';
import { poolLeaf, poolRoot } from '../../shared/pool.js';
import { buildSeedInput, commitmentFor, deriveSeed } from '../../shared/seed.js';
import { shuffleOrder } from '../../shared/rng.js';
import { runDraw } from '../../shared/draw/run.js';
import { replaceDecline } from '../../shared/draw/replace.js';
import { fairnessReport, fairnessSeed } from '../../shared/draw/fairness.js';
import {
  ceremonyAnnouncement,
  ceremonyHash,
  lotAnnouncementHash,
  lotRules,
  lotSeed,
  lotSeedData,
} from '../../shared/ceremony.js';
import { LotSpec, type LotAnnouncement } from '../../shared/schemas/ceremony.js';
import { Exclusion } from '../../shared/schemas/conflicts.js';
import { PoolEntry } from '../../shared/schemas/pool.js';
import { Reveal, SeedMaterial } from '../../shared/schemas/seed.js';

export const CeremonyExampleInput = z.strictObject({
  drawId: z.string(),
  lots: z
    .array(
      z.strictObject({
        spec: LotSpec,
        pool: z.array(PoolEntry),
        exclusions: z.array(Exclusion),
        declines: z.array(z.string()),
      })
    )
    .min(2),
  secrets: z.array(Reveal),
  material: SeedMaterial,
  fairnessK: z.number().int().min(1),
});
export type CeremonyExampleInput = z.infer<typeof CeremonyExampleInput>;

export function lotAnnouncementOf(
  drawId: string,
  lot: CeremonyExampleInput['lots'][number]
): LotAnnouncement {
  return {
    version: 1,
    drawId,
    spec: lot.spec,
    pool: { root: poolRoot(lot.pool), size: lot.pool.length },
    exclusions: lot.exclusions,
  };
}

export function ceremonyExampleValues(input: CeremonyExampleInput): string[] {
  const out: string[] = [];
  for (const s of input.secrets) out.push(`commitment.${s.witnessId} = ${commitmentFor(s.secret)}`);
  const hashes = input.lots.map((lot, i) => {
    const k = i + 1;
    lot.pool.forEach((e, j) =>
      out.push(`lot.${k}.pool.leaf.${j + 1}.hash = ${toHex(leafHash(poolLeaf(e)))}`)
    );
    out.push(`lot.${k}.pool.root = ${poolRoot(lot.pool)}`);
    const a = lotAnnouncementOf(input.drawId, lot);
    out.push(`lot.${k}.announcement.jcs = ${canonicalString(a)}`);
    const h = toHex(lotAnnouncementHash(a));
    out.push(`lot.${k}.announcement.hash = ${h}`);
    return h;
  });
  const c = ceremonyAnnouncement(input.drawId, hashes);
  out.push(`ceremony.jcs = ${canonicalString(c)}`);
  const cHash = toHex(ceremonyHash(c));
  out.push(`ceremony.hash = ${cHash}`);
  const seedInput = buildSeedInput(lotRules(input.lots[0]!.spec), cHash, input.material);
  out.push(`seed.input.jcs = ${canonicalString(seedInput)}`);
  const seed = deriveSeed(seedInput);
  out.push(`seed = ${toHex(seed)}`);
  input.lots.forEach((lot, i) => {
    const k = i + 1;
    const { lotId } = lot.spec;
    out.push(`lot.${k}.seed.data = ${toHex(lotSeedData(seed, i, lotId))}`);
    const ls = lotSeed(seed, i, lotId);
    out.push(`lot.${k}.seed = ${toHex(ls)}`);
    const order = shuffleOrder(ls, lot.pool.length);
    out.push(
      `lot.${k}.order = ${order.map((x, p) => `${p + 1}:#${x + 1} ${lot.pool[x]!.registryNo}`).join(', ')}`
    );
    const rules = lotRules(lot.spec);
    let result = runDraw(rules, lot.pool, ls);
    for (const s of result.steps) out.push(`lot.${k}.step.${s.n} = ${canonicalString(s)}`);
    out.push(`lot.${k}.commission = ${result.commission.join(' ')}`);
    out.push(`lot.${k}.reserves = ${result.reserves.join(' ') || '(none)'}`);
    for (const who of lot.declines) {
      const r = replaceDecline(result, rules, lot.pool, who);
      for (const s of r.steps) out.push(`lot.${k}.step.${s.n} = ${canonicalString(s)}`);
      result = r.result;
      out.push(
        `lot.${k} after decline of ${who}: commission = ${result.commission.join(' ')}; reserves = ${result.reserves.join(' ') || '(none)'}`
      );
    }
    // the lot's fairness report: from its own announcement hash, as for one draw
    const annHash = fromHex(hashes[i]!);
    out.push(`lot.${k}.fairness.seed.0 = ${toHex(fairnessSeed(annHash, 0))}`);
    const report = fairnessReport(rules, lot.pool, annHash, input.fairnessK);
    out.push(`lot.${k}.fairness.uniform = ${report.uniformPercent}`);
    for (const e of report.entries)
      out.push(
        `lot.${k}.fairness.${e.registryNo} = ${e.count}/${report.k} = ${e.percent}${e.flagged ? ' FLAGGED' : ''}`
      );
  });
  return out;
}
