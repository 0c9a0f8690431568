/**
 * The worked example of docs/PROTOCOL.md is a test: its input and every `name = value` line are read
 * from the document itself, recomputed, and compared. Editing the protocol without the document (or
 * the document without the protocol) fails here.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fromHex } from '../../shared/bytes.js';
import { verifyBeacon } from '../../shared/drand.js';
import { shuffleOrder } from '../../shared/rng.js';
import { ExampleInput, exampleOrder, exampleValues } from '../helpers/protocol-example.js';
import drand from '../vectors/drand.json' with { type: 'json' };

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const blocks = (info: string) =>
  [...doc.matchAll(new RegExp('^```' + info + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);

describe('docs/PROTOCOL.md worked example', () => {
  const inputs = blocks('json example-input');
  const input = ExampleInput.parse(JSON.parse(inputs[0]!));
  const lines = blocks('text example-values').flatMap((b) => b.trimEnd().split('\n'));

  it('does hold one input block and the values in several blocks', () => {
    expect(inputs).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(60);
  });

  it('does print exactly the values the protocol computes, line by line', () => {
    const computed = exampleValues(input);
    lines.forEach((line, i) => expect([i, line]).toEqual([i, computed[i]]));
    expect(lines).toHaveLength(computed.length);
  });

  it('does trace the same order as the implementation of the RNG', () => {
    const seedLine = lines.find((l) => l.startsWith('seed = '))!;
    expect(exampleOrder(input)).toEqual(
      shuffleOrder(fromHex(seedLine.slice(7)), input.pool.length)
    );
  });

  it('does use a real drand round', () => {
    const round = drand.rounds.find(
      (r) => r.chain === 'quicknet' && r.round === input.spec.entropy.drand!.round
    )!;
    const { beacon } = verifyBeacon({
      chain: 'quicknet',
      round: round.round,
      signature: round.signature,
    });
    expect(input.material.beacon!.randomness).toBe(beacon.randomness);
  });
});
