/**
 * The two-lot ceremony example of docs/PROTOCOL.md §Ceremonies is a test: its input and every
 * `name = value` line are read from the document, recomputed with the protocol's code
 * (tests/helpers/ceremony-example.ts), and compared; the same inputs replayed as a ceremony
 * (shared/draw/ceremony-replay.ts) give the same hashes, seeds and results, and each lot checks alone.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { verifyBeacon } from '../../shared/drand.js';
import { replayCeremony } from '../../shared/draw/ceremony-replay.js';
import { CeremonyReplayInput } from '../../shared/schemas/ceremony.js';
import {
  CeremonyExampleInput,
  ceremonyExampleValues,
  lotAnnouncementOf,
} from '../helpers/ceremony-example.js';
import drand from '../vectors/drand.json' with { type: 'json' };

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const blocks = (info: string) =>
  [...doc.matchAll(new RegExp('^```' + info + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);

const inputs = blocks('json ceremony-example-input');
const input = CeremonyExampleInput.parse(JSON.parse(inputs[0]!));
const lines = blocks('text ceremony-example-values').flatMap((b) => b.trimEnd().split('\n'));
const value = (name: string) =>
  lines.find((l) => l.startsWith(`${name} = `))!.slice(name.length + 3);

describe('docs/PROTOCOL.md two-lot ceremony example', () => {
  it('does hold one input block of two lots and the values in four blocks', () => {
    expect(inputs).toHaveLength(1);
    expect(input.lots).toHaveLength(2);
    expect(blocks('text ceremony-example-values')).toHaveLength(4);
  });

  it('does print exactly the values the protocol computes, line by line', () => {
    const computed = ceremonyExampleValues(input);
    lines.forEach((line, i) => expect([i, line]).toEqual([i, computed[i]]));
    expect(lines).toHaveLength(computed.length);
  });

  it('does use a real drand round', () => {
    const round = drand.rounds.find(
      (r) => r.chain === 'quicknet' && r.round === input.lots[0]!.spec.entropy.drand!.round
    )!;
    const { beacon } = verifyBeacon({
      chain: 'quicknet',
      round: round.round,
      signature: round.signature,
    });
    expect(input.material.beacon!.randomness).toBe(beacon.randomness);
  });

  const replayInput = (lots: CeremonyReplayInput['lots']) =>
    CeremonyReplayInput.parse({
      version: 1,
      kind: 'ceremony',
      drawId: input.drawId,
      lots,
      material: input.material,
      expected: { ceremonyHash: value('ceremony.hash'), seed: value('seed') },
    });
  const fullLot = (k: number) => ({
    announcement: lotAnnouncementOf(input.drawId, input.lots[k]!),
    pool: input.lots[k]!.pool,
    declines: input.lots[k]!.declines,
    expected: { lotSeed: value(`lot.${k + 1}.seed`) },
  });

  it('does replay the ceremony: every lot drawn from its lot seed, declines applied', () => {
    const r = replayCeremony(replayInput([fullLot(0), fullLot(1)]));
    expect(r.ceremonyHash).toBe(value('ceremony.hash'));
    expect(r.lots.map((l) => l.result!.commission.join(' '))).toEqual(['R-001 R-005', 'R-011']);
    expect(r.lots.map((l) => l.result!.reserves.join(' '))).toEqual(['R-002', 'R-013']);
  });

  it('does check each lot alone, from the other lot’s announcement hash only', () => {
    const hash = (k: number) => ({ announcementHash: value(`lot.${k + 1}.announcement.hash`) });
    const a = replayCeremony(replayInput([fullLot(0), hash(1)]));
    const b = replayCeremony(replayInput([hash(0), fullLot(1)]));
    expect([a.seed, b.seed]).toEqual([value('seed'), value('seed')]);
    expect(a.lots[0]!.result!.commission).toEqual(['R-001', 'R-005']);
    expect(a.lots[1]!.result).toBeNull();
    expect(b.lots[1]!.result!.commission).toEqual(['R-011']);
  });
});
