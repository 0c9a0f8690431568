/**
 * The worked example of docs/PROTOCOL.md, computed step by step as the document describes it. The
 * RNG trace here is written from the document's text (not by calling shared/rng.ts) and the test
 * checks that it gives the same order as the implementation. tests/docs/protocol-example.test.ts
 * parses the example's input and values from the document and compares them with these lines.
 */
import { z } from 'zod';
import { concatBytes, toHex, uint32be, uint64be } from '../../shared/bytes.js';
import { canonicalString } from '../../shared/canonical.js';
import { taggedHash } from '../../shared/hash.js';
import { leafHash, nodeHash, splitPoint } from '../../shared/merkle.js';
import { announcementHash, buildAnnouncement } from '../../shared/announcement.js';
import { fairnessReport, fairnessSeed } from '../../shared/draw/fairness.js';
import { replaceDecline } from '../../shared/draw/replace.js';
import { runDraw } from '../../shared/draw/run.js';
import { poolLeaf, poolRoot } from '../../shared/pool.js';
import { buildSeedInput, commitmentFor, deriveSeed } from '../../shared/seed.js';
import { Exclusion } from '../../shared/schemas/conflicts.js';
import { DrawSpec } from '../../shared/schemas/draw-spec.js';
import { PoolEntry } from '../../shared/schemas/pool.js';
import { Reveal, SeedMaterial } from '../../shared/schemas/seed.js';

export const ExampleInput = z.strictObject({
  drawId: z.string(),
  spec: DrawSpec,
  pool: z.array(PoolEntry),
  exclusions: z.array(Exclusion),
  /** every witness's secret (the example shows their commitments) */
  secrets: z.array(Reveal),
  material: SeedMaterial,
  declines: z.array(z.string()),
  fairnessK: z.number().int().min(1),
});
export type ExampleInput = z.infer<typeof ExampleInput>;

/** The Fisher–Yates shuffle traced word by word, straight from §RNG. */
function traceShuffle(seed: Uint8Array, n: number, out: string[]): number[] {
  let block = -1;
  let bytes: Uint8Array = new Uint8Array(0);
  let pos = 32;
  const word = () => {
    if (pos === 32) {
      block++;
      bytes = taggedHash('rng', concatBytes(seed, uint64be(BigInt(block))));
      out.push(`rng.block.${block} = ${toHex(bytes)}`);
      pos = 0;
    }
    const w =
      ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>>
      0;
    pos += 4;
    return w;
  };
  const a = [...Array(n).keys()];
  for (let i = 0; i < n - 1; i++) {
    const m = n - i;
    const limit = 2 ** 32 - (2 ** 32 % m);
    let w = word();
    const rejected: string[] = [];
    while (w >= limit) {
      rejected.push(w.toString(16).padStart(8, '0'));
      w = word();
    }
    const j = i + (w % m);
    [a[i], a[j]] = [a[j]!, a[i]!];
    const rej = rejected.length ? ` after rejecting ${rejected.join(', ')}` : '';
    out.push(
      `shuffle.${i} = uniform(${m}): word ${w.toString(16).padStart(8, '0')} < limit ${limit}${rej}; ${w} mod ${m} = ${w % m}; j = ${j}; swap a[${i}], a[${j}] → [${a.map((x) => x + 1).join(' ')}]`
    );
  }
  return a;
}

/** MTH over leaf hashes [start, end), printing every inner node (1-based leaf numbers). */
function traceTree(leaves: Uint8Array[], start: number, end: number, out: string[]): Uint8Array {
  if (end - start === 1) return leaves[start]!;
  const k = splitPoint(end - start);
  const h = nodeHash(
    traceTree(leaves, start, start + k, out),
    traceTree(leaves, start + k, end, out)
  );
  out.push(`pool.node.${start + 1}-${end} = ${toHex(h)}`);
  return h;
}

export function exampleValues(input: ExampleInput): string[] {
  const out: string[] = [];
  const { spec, pool } = input;
  const leaves = pool.map((e, i) => {
    out.push(`pool.leaf.${i + 1}.jcs = ${canonicalString(e)}`);
    const h = leafHash(poolLeaf(e));
    out.push(`pool.leaf.${i + 1}.hash = ${toHex(h)}`);
    return h;
  });
  const root = toHex(traceTree(leaves, 0, leaves.length, out));
  out.push(`pool.root = ${root}`);
  for (const s of input.secrets) out.push(`commitment.${s.witnessId} = ${commitmentFor(s.secret)}`);

  const announcement = buildAnnouncement({
    drawId: input.drawId,
    spec,
    pool: { entries: pool, root: poolRoot(pool) },
    exclusions: input.exclusions,
  });
  out.push(`announcement.jcs = ${canonicalString(announcement)}`);
  const annHash = announcementHash(announcement);
  out.push(`announcement.hash = ${toHex(annHash)}`);

  const seedInput = buildSeedInput(spec, toHex(annHash), input.material);
  out.push(`seed.input.jcs = ${canonicalString(seedInput)}`);
  const seed = deriveSeed(seedInput);
  out.push(`seed = ${toHex(seed)}`);

  const order = traceShuffle(seed, pool.length, out);
  out.push(
    `order = ${order.map((i, p) => `${p + 1}:#${i + 1} ${pool[i]!.registryNo}`).join(', ')}`
  );

  let result = runDraw(spec, pool, seed);
  for (const s of result.steps) out.push(`step.${s.n} = ${canonicalString(s)}`);
  out.push(`commission = ${result.commission.join(' ')}`);
  out.push(`reserves = ${result.reserves.join(' ')}`);
  for (const who of input.declines) {
    const r = replaceDecline(result, spec, pool, who);
    for (const s of r.steps) out.push(`step.${s.n} = ${canonicalString(s)}`);
    result = r.result;
    out.push(
      `after decline of ${who}: commission = ${result.commission.join(' ')}; reserves = ${result.reserves.join(' ') || '(none)'}`
    );
  }

  out.push(`fairness.seed.0 = ${toHex(fairnessSeed(annHash, 0))}`);
  out.push(`fairness.seed.1 = ${toHex(taggedHash('fairness', concatBytes(annHash, uint32be(1))))}`);
  const report = fairnessReport(spec, pool, annHash, input.fairnessK);
  out.push(`fairness.uniform = ${report.uniformPercent}`);
  for (const e of report.entries)
    out.push(
      `fairness.${e.registryNo} = ${e.count}/${report.k} = ${e.percent}${e.flagged ? ' FLAGGED' : ''}`
    );
  return out;
}

/** The order the example's trace gives, for comparison with shared/rng.ts. */
export function exampleOrder(input: ExampleInput): number[] {
  const annHash = announcementHash(
    buildAnnouncement({
      drawId: input.drawId,
      spec: input.spec,
      pool: { entries: input.pool, root: poolRoot(input.pool) },
      exclusions: input.exclusions,
    })
  );
  const seed = deriveSeed(buildSeedInput(input.spec, toHex(annHash), input.material));
  return traceShuffle(seed, input.pool.length, []);
}
