/**
 * `adal draw replay <file> [--json]`: re-runs a draw from its published inputs (a DrawReplayInput
 * JSON file, docs/PROTOCOL.md §Replaying a draw) and prints every step and the result. With
 * `expected` values in the file it also says whether they match. A ceremony's file (`kind:
 * "ceremony"`) is replayed by ./ceremony-replay.ts.
 * Exit 0 replayed (and matched); 1 a published value does not match (pool root, reveal, beacon,
 * seed, result); 2 unreadable or invalid input.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError, VerificationError } from '../../shared/errors.js';
import { replayDraw, type Replay } from '../../shared/draw/replay.js';
import { DrawReplayInput } from '../../shared/schemas/draw-replay.js';
import type { DrawStep } from '../../shared/schemas/draw-result.js';
import type { CeremonyReplayInput } from '../../shared/schemas/ceremony.js';
import { parseCeremony, replayCeremonyFile } from './ceremony-replay.js';

/** VerificationError codes that mean the input cannot be checked at all (exit 2, not 1). */
const UNCHECKABLE = new Set([
  'BEACON_MALFORMED',
  'BEACON_UNKNOWN_CHAIN',
  'BEACON_PREVIOUS_SIGNATURE_REQUIRED',
  'BEACON_PREVIOUS_SIGNATURE_UNEXPECTED',
]);

function load(file: string): DrawReplayInput | CeremonyReplayInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('FILE_UNREADABLE', `cannot read ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('JSON_INVALID', `${file} is not JSON`);
  }
  if ((json as { kind?: unknown } | null)?.kind === 'ceremony') return parseCeremony(json);
  const parsed = DrawReplayInput.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new InputError('INPUT_INVALID', `${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}

/** One step as a line: number, phase, order position, pool number, registry number, outcome, why. */
export function stepLine(s: DrawStep): string {
  const d = s.detail;
  const why = [
    ...(d?.quotas ?? []).map((q) => `${q.category}=${q.value} at max ${q.max}`),
    ...(d?.organizations ?? []).map((o) => `${o.organization} at limit ${o.max}`),
    ...(d?.openSeats !== undefined ? [`${d.openSeats} open seat(s)`] : []),
    ...(d?.unmet ?? []).map(
      (u) => `${u.category}=${u.value} needs ${u.need}, ${u.available} later`
    ),
    ...(d?.replaces ? [`takes the seat of ${d.replaces}`] : []),
    ...(d?.violations ?? []).map(
      (v) => `${v.organization ?? `${v.category}=${v.value}`} ${v.kind} ${v.count}/${v.limit}`
    ),
  ].join('; ');
  return [
    String(s.n).padStart(4),
    s.phase.padEnd(11),
    `pos ${String(s.position).padEnd(5)}`,
    `#${String(s.poolNo).padEnd(5)}`,
    s.registryNo.padEnd(12),
    s.outcome.padEnd(11),
    s.rule ? `${s.rule}${why ? ` (${why})` : ''}` : why,
  ]
    .join(' ')
    .trimEnd();
}

function print(r: Replay, input: DrawReplayInput): void {
  const a = input.announcement;
  const lines = [
    `announcement ${r.announcementHash} (draw ${a.drawId}, lot ${a.spec.lotId}, method ${a.spec.method})`,
    `pool         ${a.pool.size} entries, root ${a.pool.root} — matches`,
  ];
  const b = input.material.beacon;
  if (b)
    lines.push(
      `beacon       round ${b.round} randomness ${b.randomness}${r.beaconVerified ? ' — BLS verified' : ' (signature not given, not verified)'}`
    );
  if (r.seedInput) {
    const rev = r.seedInput.reveals.map((x) => x.witnessId).join(', ') || 'none';
    lines.push(
      `reveals      ${rev}${r.seedInput.missing.length ? `; missing: ${r.seedInput.missing.join(', ')}` : ''}`
    );
    lines.push(`seed         ${r.seed}`);
  }
  lines.push('steps', ...r.result.steps.map(stepLine));
  lines.push(`commission   ${r.result.commission.join(', ')}`);
  lines.push(`reserves     ${r.result.reserves.join(', ') || 'none'}`);
  if (input.expected) lines.push('MATCHES the expected values');
  process.stdout.write(lines.join('\n') + '\n');
}

function replay(file: string, o: { json?: boolean }): void {
  const input = load(file);
  let r: Replay;
  try {
    if ('kind' in input) return replayCeremonyFile(input, o, stepLine);
    r = replayDraw(input);
  } catch (e) {
    if (e instanceof VerificationError && !UNCHECKABLE.has(e.code))
      throw Object.assign(e, { exitCode: 1 });
    throw e;
  }
  if (o.json)
    process.stdout.write(
      JSON.stringify({ announcementHash: r.announcementHash, seed: r.seed, result: r.result }) +
        '\n'
    );
  else print(r, input);
}

export function register(program: Command): void {
  const draw = program.command('draw').description('draw tools (offline)');
  draw
    .command('replay')
    .description('re-run a draw from its published inputs and print every step and the result')
    .argument(
      '<file>',
      'JSON file: a draw or a ceremony, its pools, randomness, declines (docs/PROTOCOL.md)'
    )
    .option('--json', 'print {announcementHash, seed, result} as JSON')
    .action((file: string, o: { json?: boolean }) => replay(file, o));
}
