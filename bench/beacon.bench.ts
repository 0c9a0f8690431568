/**
 * Entropy-source benches: offline BLS verification of a real drand round per chain (hash-to-curve plus
 * the pairing check) and the RFC 3797 selection over a pool of 1,000. Rounds come from
 * tests/fixtures/drand (recorded real rounds).
 */
import { readFileSync } from 'node:fs';
import { verifyBeacon, type BeaconInput } from '../shared/drand.js';
import { rfc3797Select } from '../shared/rfc3797.js';
import { fmtMs, medianMs, type Bench } from './harness.js';

function recorded(chain: 'quicknet' | 'default', round: number): BeaconInput {
  const file = JSON.parse(
    readFileSync(new URL(`../tests/fixtures/drand/${chain}.json`, import.meta.url), 'utf8')
  ) as { rounds: { round: number; signature: string; previous_signature?: string }[] };
  const r = file.rounds.find((x) => x.round === round)!;
  return { chain, round, signature: r.signature, previousSignature: r.previous_signature };
}

const sources = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]];

export const benches: Bench[] = [
  {
    section: 'Entropy sources: drand verification and RFC 3797',
    async run() {
      const runs = 15;
      const q = recorded('quicknet', 30663002);
      const d = recorded('default', 3907447);
      const quicknet = await medianMs(() => verifyBeacon(q), runs, 3);
      const mainnet = await medianMs(() => verifyBeacon(d), runs, 3);
      const select30 = await medianMs(() => rfc3797Select(sources, 1000, 30), 31, 5);
      const orderAll = await medianMs(() => rfc3797Select(sources, 1000, 1000), 15, 3);
      const notes = `median of ${runs} runs after 3 warm-ups; one real recorded round per chain`;
      return [
        {
          name: 'drand quicknet round: BLS verify (G1 signature, RFC 9380 hash-to-G1, pairing)',
          value: fmtMs(quicknet),
          notes,
        },
        {
          name: 'drand default-chain round: BLS verify (G2 signature, chained message, pairing)',
          value: fmtMs(mainnet),
        },
        { name: 'RFC 3797: select 30 from a pool of 1,000 (MD5 per pick)', value: fmtMs(select30) },
        { name: 'RFC 3797: order a whole pool of 1,000', value: fmtMs(orderAll) },
      ];
    },
  },
];
