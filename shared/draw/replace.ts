/**
 * Declines after the draw (docs/PROTOCOL.md §Replacement). A member who declines is replaced by the
 * first remaining reserve, in reserve order, whose taking the seat keeps every rule: no quota max or
 * cap exceeded, and no quota min left short unless it was already short before (only
 * possible after an earlier vacancy). Reserves that do not fit stay on the list for later declines;
 * each examined one is a step. If none fits, the seat stays vacant — a recorded step, never a re-draw.
 * A reserve who declines is withdrawn from the list.
 */
import { compileRules, type Rules } from './compile-rules.js';
import { countSet, setViolations } from './violations.js';
import { DrawError, InputError } from '../errors.js';
import type { DrawSpec } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';
import type { DrawResult, DrawStep, Violation } from '../schemas/draw-result.js';

/** What the commission `after` breaks that `before` did not (mins) or at all (maxes, caps). */
export function replacementViolations(
  rules: Rules,
  before: readonly number[],
  after: readonly number[]
): Violation[] {
  const was = countSet(rules, before).q;
  const now = countSet(rules, after).q;
  const out = setViolations(rules, after, false);
  rules.quotas.forEach((q, b) => {
    if (now[b]! < Math.min(q.lo, was[b]!))
      out.push({
        kind: 'quota-min',
        category: q.category,
        value: q.value,
        count: now[b]!,
        limit: q.lo,
      });
  });
  return out;
}

export function replaceDecline(
  result: DrawResult,
  spec: DrawSpec,
  pool: readonly PoolEntry[],
  registryNo: string
): { steps: DrawStep[]; result: DrawResult } {
  const rules = compileRules(spec, pool);
  const index = new Map(pool.map((e, i) => [e.registryNo, i]));
  const idx = (r: string) => {
    const i = index.get(r);
    if (i === undefined) throw new InputError('NOT_IN_POOL', `${r} is not in the frozen pool`);
    return i;
  };
  const position = new Map<string, number>();
  for (const s of result.steps)
    if (!position.has(s.registryNo)) position.set(s.registryNo, s.position);
  const steps: DrawStep[] = [];
  const add = (r: string, outcome: DrawStep['outcome'], extra: Partial<DrawStep> = {}) =>
    steps.push({
      n: result.steps.length + steps.length + 1,
      phase: 'replacement',
      position: position.get(r) ?? 1,
      poolNo: idx(r) + 1,
      registryNo: r,
      outcome,
      ...extra,
    });

  const commission = [...result.commission];
  let reserves = [...result.reserves];
  const done = (): { steps: DrawStep[]; result: DrawResult } => ({
    steps,
    result: { method: result.method, steps: [...result.steps, ...steps], commission, reserves },
  });

  if (reserves.includes(registryNo)) {
    add(registryNo, 'withdrawn');
    reserves = reserves.filter((r) => r !== registryNo);
    return done();
  }
  const seat = commission.indexOf(registryNo);
  if (seat < 0)
    throw new DrawError('NOT_A_MEMBER', `${registryNo} is neither a member nor a reserve`);
  add(registryNo, 'declined');
  const before = commission.map(idx);
  for (const r of reserves) {
    const after = before.map((m, i) => (i === seat ? idx(r) : m));
    const violations = replacementViolations(rules, before, after);
    if (violations.length === 0) {
      add(r, 'replacement', { detail: { replaces: registryNo } });
      commission[seat] = r;
      reserves = reserves.filter((x) => x !== r);
      return done();
    }
    add(r, 'skipped', { rule: 'REPLACEMENT_BREAKS_RULES', detail: { violations } });
  }
  add(registryNo, 'vacant', { rule: 'NO_RESERVE_FITS' });
  commission.splice(seat, 1);
  return done();
}
