/**
 * Draw-protocol benches (issue 3): a whole draw over 10,000 experts with 15 members + 15 reserves and
 * quotas in 3 categories (runDraw: compile the rules, check feasibility, walk with the exact
 * predicate), the fairness report for 1,000 experts with quotas (K = 10,000 simulated draws), seed
 * derivation including offline BLS verification of a real drand round, and the full shuffle of
 * 100,000. Pools are deterministic (tests/helpers/draw-fixtures.ts).
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '../shared/hash.js';
import { concatBytes, uint32be, toHex } from '../shared/bytes.js';
import { verifyBeacon } from '../shared/drand.js';
import { fairnessReport, FAIRNESS_K } from '../shared/draw/fairness.js';
import { runDraw } from '../shared/draw/run.js';
import { shuffleOrder } from '../shared/rng.js';
import { buildSeedInput, commitmentFor, deriveSeed } from '../shared/seed.js';
import { makePool, makeSpec, threeCategorySpec } from '../tests/helpers/draw-fixtures.js';
import { nodeHasher } from '../auditor/node-crypto.js';
import { fmtMs, medianMs, type Bench } from './harness.js';

/** Median CPU time (user + system) in ms: on a shared, loaded machine it shows the work itself. */
function medianCpuMs(fn: () => unknown, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = process.cpuUsage();
    fn();
    const b = process.cpuUsage(a);
    t.push((b.user + b.system) / 1000);
  }
  t.sort((x, y) => x - y);
  return t[Math.floor(runs / 2)]!;
}

const seedOf = (k: number) => sha256(concatBytes(new Uint8Array([0xbe]), uint32be(k)));

function recordedQuicknet() {
  const v = JSON.parse(
    readFileSync(new URL('../tests/vectors/drand.json', import.meta.url), 'utf8')
  ) as {
    rounds: { chain: string; round: number; signature: string; randomness: string }[];
  };
  return v.rounds.find((r) => r.chain === 'quicknet')!;
}

export const benches: Bench[] = [
  {
    section: 'Draw protocol: selection, fairness report, seed',
    async run() {
      // The server's path: node:crypto's SHA-256 handed in, as server/draws/ does through the log.
      const hasher = nodeHasher();
      const pool = makePool(10000, 'bench-10000');
      const spec = threeCategorySpec(15, 15);
      let k = 0;
      const drawRuns = 101;
      const draw = await medianMs(() => runDraw(spec, pool, seedOf(k++), hasher), drawRuns, 20);
      const drawCpu = medianCpuMs(() => runDraw(spec, pool, seedOf(k++), hasher), drawRuns);
      const steps = runDraw(spec, pool, seedOf(0), hasher).steps.length;

      const pool1k = makePool(1000, 'bench-1000');
      const spec1k = threeCategorySpec(5, 0);
      const ann = sha256(new Uint8Array([1]));
      const fairness = await medianMs(
        () => fairnessReport(spec1k, pool1k, ann, FAIRNESS_K, hasher),
        5,
        1
      );
      const fairnessCpu = medianCpuMs(
        () => fairnessReport(spec1k, pool1k, ann, FAIRNESS_K, hasher),
        3
      );

      const round = recordedQuicknet();
      const secrets = [1, 2, 3].map((i) => toHex(sha256(new Uint8Array([i]))));
      const seedSpec = makeSpec({
        entropy: {
          drand: {
            chain: 'quicknet',
            chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
            round: round.round,
          },
          publicSources: [],
        },
        witnesses: secrets.map((s, i) => ({
          id: `w${i}`,
          name: `W ${i}`,
          commitment: commitmentFor(s),
        })),
      });
      const seed = await medianMs(
        () => {
          const { beacon } = verifyBeacon({
            chain: 'quicknet',
            round: round.round,
            signature: round.signature,
          });
          const input = buildSeedInput(seedSpec, toHex(ann), {
            beacon: {
              chainHash: seedSpec.entropy.drand!.chainHash,
              round: beacon.round,
              randomness: beacon.randomness,
            },
            publicSources: [],
            reveals: secrets.map((s, i) => ({ witnessId: `w${i}`, secret: s })),
          });
          return deriveSeed(input);
        },
        15,
        3
      );
      const shuffle = await medianMs(() => shuffleOrder(seedOf(7), 100000, hasher), 15, 3);

      return [
        {
          name: 'runDraw: 10,000 experts, 15 members + 15 reserves, quotas in 3 categories, perOrganizationMax 1',
          value: fmtMs(draw),
          target: '< 5 ms',
          met: draw < 5,
          notes: `wall-clock median of ${drawRuns} draws, each with its own seed, after 20 warm-ups (CPU time median ${fmtMs(drawCpu)}); ${steps} steps in the first draw; quotas: operator ≤ 30%, ngo ≥ 70%, ≥ 5 women, ≥ 5 men, region KZ-10 2–4, region KZ-11 ≥ 1. The whole draw is measured: compiling the rules, the feasibility check, the walk`,
        },
        {
          name: `fairnessReport: 1,000 experts, 5 seats, same quotas, K = ${FAIRNESS_K.toLocaleString('en-US')} simulated draws`,
          value: fmtMs(fairness),
          target: '< 2 s',
          met: fairness < 2000,
          notes: `wall-clock median of 5 runs after 1 warm-up (CPU time median of 3: ${fmtMs(fairnessCpu)})`,
        },
        {
          name: 'seed: verify a quicknet round (BLS) + check 3 reveals + derive the seed',
          value: fmtMs(seed),
        },
        {
          name: 'full Fisher–Yates shuffle of 100,000 (SHA-256 counter mode)',
          value: fmtMs(shuffle),
        },
      ];
    },
  },
];
