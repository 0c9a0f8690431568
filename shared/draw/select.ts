/**
 * The walk (docs/PROTOCOL.md §Selection, §Reserves): candidates are examined in the random order.
 * While seats are open, candidate e is accepted iff (a) no quota max would be exceeded, (b) no key of
 * e would exceed its cap — the caps in the order of shared/draw/rule-families.ts (ORG_LIMIT: an
 * organization over perOrganizationMax, …) — and (c) some set of later candidates completes the
 * commission under every rule (shared/draw/completion.ts); the first failing test names the skip. Once
 * the commission is full, the walk continues: e becomes the next reserve iff replacing at least one
 * member by e yields a commission that satisfies every rule. The walk stops when the reserves are
 * complete or the order is exhausted. Every examined candidate is one recorded step.
 *
 * Speed without changing any answer: the walk keeps a witness W ⊆ later candidates with A ∪ W a valid
 * commission. If e ∈ W, (c) holds at once; if e can take the seat of some w ∈ W, A + e ∪ (W − w) is a
 * new witness; only otherwise is the exact predicate evaluated. A witness only ever proves "yes", so
 * every "no" still comes from the exact predicate.
 */
import { keysOf, limitOf } from './cap-keys.js';
import type { Rules } from './compile-rules.js';
import { findCompletion, wholePoolView, type CompletionView } from './completion.js';
import { fitsSomeSeat, quotasOf, swapInto } from './seat-swaps.js';
import type { DrawStep, StepDetail, StepRule } from '../schemas/draw-result.js';

export interface WalkResult {
  steps: DrawStep[];
  /** pool indexes of the members, in acceptance order */
  commission: number[];
  /** pool indexes of the reserves, in order */
  reserves: number[];
  /** pool index → 1-based order position, for every examined candidate */
  positions: Map<number, number>;
}

export interface WalkOptions {
  /** a valid commission from the whole pool (findCompletion on wholePoolView), if already known */
  initial?: readonly number[];
  /** false: stop once the commission is full (the fairness simulation needs no reserves) */
  reserves?: boolean;
  /** false: record no steps (the fairness simulation only needs the members) */
  record?: boolean;
}

/** The candidate's quotas already at their max (spec order), or null (no allocation when none). */
function quotasAtMax(rules: Rules, cntQ: Int32Array, e: number): StepDetail['quotas'] | null {
  let out: NonNullable<StepDetail['quotas']> | null = null;
  for (const b of quotasOf(rules, e)) {
    const q = rules.quotas[b]!;
    if (cntQ[b]! + 1 > q.hi)
      (out ??= []).push({ category: q.category, value: q.value, count: cntQ[b]!, max: q.hi });
  }
  return out;
}

/**
 * The first cap (table order) with a key of the candidate already at its limit: its skip rule and
 * those keys (the entry's order) as the step's detail, e.g. ORG_LIMIT {organizations: […]}; or null.
 */
function capAtLimit(
  rules: Rules,
  cntK: Int32Array,
  e: number
): { rule: StepRule; detail: StepDetail } | null {
  const keys = keysOf(rules, e);
  let full = false;
  for (let x = 0; x < keys.length && !full; x++)
    full = cntK[keys[x]!]! + 1 > limitOf(rules, keys[x]!);
  if (!full) return null;
  for (let j = 0; j < rules.caps.length; j++) {
    const { family, limit } = rules.caps[j]!;
    let out: Record<string, string | number>[] | null = null;
    for (let x = 0; x < keys.length; x++) {
      const k = keys[x]!;
      if (rules.keys.capOf[k] === j && cntK[k]! + 1 > limit)
        (out ??= []).push({ [family.key]: rules.keys.names[k]!, count: cntK[k]!, max: limit });
    }
    if (out) return { rule: family.rule, detail: { [family.detail]: out } as StepDetail };
  }
  return null;
}

/** Runs the walk over an order given one pool index at a time. */
export function walk(
  rules: Rules,
  next: () => number | undefined,
  opts: WalkOptions = {}
): WalkResult {
  const wantReserves = opts.reserves !== false ? rules.reserves : 0;
  const record = opts.record !== false;
  const Q = rules.quotas.length;
  const cntQ = new Int32Array(Q);
  const cntK = new Int32Array(rules.keys.capacity);
  const view: CompletionView = {
    cntQ,
    cntK,
    seats: rules.size,
    remBySig: Int32Array.from(rules.bySig, (l) => l.length),
    available: new Uint8Array(rules.entries.length).fill(1),
  };
  const res: WalkResult = { steps: [], commission: [], reserves: [], positions: new Map() };
  const start = opts.initial ? [...opts.initial] : findCompletion(rules, wholePoolView(rules));
  if (start === null) return res; // infeasible rules: nothing can be accepted (runDraw refuses earlier)
  let wit: number[] = start;
  const step = (
    e: number,
    phase: DrawStep['phase'],
    outcome: DrawStep['outcome'],
    rule?: DrawStep['rule'],
    detail?: StepDetail
  ) => {
    if (!record) return;
    const s: DrawStep = {
      n: res.steps.length + 1,
      phase,
      position: res.positions.get(e)!,
      poolNo: e + 1,
      registryNo: rules.entries[e]!.registryNo,
      outcome,
    };
    if (rule) s.rule = rule;
    if (detail) s.detail = detail;
    res.steps.push(s);
  };
  const add = (e: number, d: number) => {
    for (const b of quotasOf(rules, e)) cntQ[b] = cntQ[b]! + d;
    for (const k of keysOf(rules, e)) cntK[k] = cntK[k]! + d;
  };

  let position = 0;
  while (res.commission.length < rules.size || res.reserves.length < wantReserves) {
    const e = next();
    if (e === undefined) break;
    position++;
    if (record) res.positions.set(e, position);
    view.available[e] = 0;
    view.remBySig[rules.sigOf[e]!]!--;

    if (res.commission.length === rules.size) {
      if (fitsSomeSeat(rules, res.commission, cntQ, cntK, e)) {
        res.reserves.push(e);
        step(e, 'reserves', 'reserve');
      } else step(e, 'reserves', 'skipped', 'FITS_NO_SEAT');
      continue;
    }

    const atMax = quotasAtMax(rules, cntQ, e);
    if (atMax) {
      step(e, 'commission', 'skipped', 'QUOTA_MAX', { quotas: atMax });
      continue;
    }
    const atLimit = rules.caps.length > 0 ? capAtLimit(rules, cntK, e) : null;
    if (atLimit) {
      step(e, 'commission', 'skipped', atLimit.rule, atLimit.detail);
      continue;
    }
    const at = wit.indexOf(e);
    const swap = at >= 0 ? e : swapInto(rules, cntQ, cntK, wit, e);
    add(e, 1);
    view.seats = rules.size - res.commission.length - 1;
    const found = swap >= 0 ? wit.filter((w) => w !== swap) : findCompletion(rules, view);
    if (found !== null) {
      wit = found;
      res.commission.push(e);
      step(e, 'commission', 'accepted');
      continue;
    }
    const detail: StepDetail | undefined = record
      ? { openSeats: view.seats, unmet: unmetMins(rules, view) }
      : undefined;
    add(e, -1);
    step(e, 'commission', 'skipped', 'NO_VALID_COMPLETION', detail);
  }
  return res;
}

/** Informative detail for NO_VALID_COMPLETION: min quotas still short, with their supply in R. */
function unmetMins(rules: Rules, v: CompletionView): NonNullable<StepDetail['unmet']> {
  const supply = new Int32Array(rules.quotas.length);
  rules.sigQuotas.forEach((quotas, id) => {
    for (const b of quotas) supply[b]! += v.remBySig[id]!;
  });
  return rules.quotas.flatMap((q, b) => {
    const need = q.lo - v.cntQ[b]!;
    return need > 0 ? [{ category: q.category, value: q.value, need, available: supply[b]! }] : [];
  });
}
