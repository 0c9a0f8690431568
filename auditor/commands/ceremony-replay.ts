/**
 * `adal draw replay <file>` for a ceremony (a CeremonyReplayInput with `kind: "ceremony"`,
 * docs/PROTOCOL.md §Replaying a ceremony): the ceremony hash, the one seed, and per lot its lot
 * seed, every step and its result — or, for a lot given by its hash only, that hash. Exit codes as
 * for one draw (auditor/commands/draw-replay.ts).
 */
import { InputError } from '../../shared/errors.js';
import { replayCeremony, type CeremonyReplay } from '../../shared/draw/ceremony-replay.js';
import { CeremonyReplayInput } from '../../shared/schemas/ceremony.js';
import type { DrawStep } from '../../shared/schemas/draw-result.js';

export function parseCeremony(json: unknown): CeremonyReplayInput {
  const parsed = CeremonyReplayInput.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new InputError('INPUT_INVALID', `${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}

function print(r: CeremonyReplay, input: CeremonyReplayInput, stepLine: (s: DrawStep) => string) {
  const b = input.material.beacon;
  const lines = [`ceremony     ${r.ceremonyHash} (draw ${input.drawId}, ${r.lots.length} lots)`];
  if (b)
    lines.push(
      `beacon       round ${b.round} randomness ${b.randomness}${r.beaconVerified ? ' — BLS verified' : ' (signature not given, not verified)'}`
    );
  const rev = r.seedInput.reveals.map((x) => x.witnessId).join(', ') || 'none';
  const missing = r.seedInput.missing.length ? `; missing: ${r.seedInput.missing.join(', ')}` : '';
  lines.push(`reveals      ${rev}${missing}`, `seed         ${r.seed}`);
  for (const lot of r.lots) {
    lines.push(
      '',
      `lot ${lot.index + 1}        ${lot.lotId ?? '(hash only)'} ${lot.announcementHash}`
    );
    if (!lot.result) continue;
    lines.push(`lot seed     ${lot.lotSeed}`, 'steps', ...lot.result.steps.map(stepLine));
    lines.push(`commission   ${lot.result.commission.join(', ')}`);
    lines.push(`reserves     ${lot.result.reserves.join(', ') || 'none'}`);
  }
  if (input.expected || input.lots.some((l) => 'expected' in l && l.expected))
    lines.push('', 'MATCHES the expected values');
  process.stdout.write(lines.join('\n') + '\n');
}

export function replayCeremonyFile(
  input: CeremonyReplayInput,
  o: { json?: boolean },
  stepLine: (s: DrawStep) => string
): void {
  const r = replayCeremony(input);
  if (o.json) {
    const { beaconVerified: _, ...rest } = r;
    process.stdout.write(JSON.stringify(rest) + '\n');
  } else print(r, input, stepLine);
}
