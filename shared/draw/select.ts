/**
 * The walk (docs/PROTOCOL.md §Selection, §Reserves): candidates are examined in the random order.
 * While seats are open, candidate e is accepted iff (a) no quota max would be exceeded, (b) no
 * organization of e would exceed perOrganizationMax, and (c) some set of later candidates completes the
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
import { findCompletion, wholePoolView, type CompletionView } from './completion.js';
import { orgsOf, type Rules } from './quotas.js';
import type { DrawStep, StepDetail } from '../schemas/draw-result.js';

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

/**
 * Would every quota stay within its bounds if the member with signature `out` gave its seat to the
 * candidate with signature `into`? `cnt` are the counts before the swap (changed and restored).
 */
function swapKeepsQuotas(
  rules: Rules,
  cnt: Int32Array,
  out: readonly number[],
  into: readonly number[]
): boolean {
  for (const b of out) cnt[b]!--;
  for (const b of into) cnt[b]!++;
  let ok = true;
  for (let b = 0; b < rules.quotas.length && ok; b++)
    if (cnt[b]! < rules.quotas[b]!.lo || cnt[b]! > rules.quotas[b]!.hi) ok = false;
  for (const b of out) cnt[b]!++;
  for (const b of into) cnt[b]!--;
  return ok;
}

const quotasOf = (rules: Rules, i: number) => rules.sigQuotas[rules.sigOf[i]!]!;

/** Can `e` take the seat of some member so that the commission still satisfies every rule? */
function fitsSomeSeat(
  rules: Rules,
  members: readonly number[],
  cntQ: Int32Array,
  cntO: Int32Array,
  e: number
): boolean {
  const qe = quotasOf(rules, e);
  const orgsE = orgsOf(rules, e);
  for (const m of members) {
    let ok = swapKeepsQuotas(rules, cntQ, quotasOf(rules, m), qe);
    const orgsM = orgsOf(rules, m);
    for (const o of orgsE)
      if (ok && cntO[o]! + 1 - (orgsM.includes(o) ? 1 : 0) > rules.orgLimit) ok = false;
    if (ok) return true;
  }
  return false;
}

/** A w ∈ W such that A ∪ W − w + e satisfies every rule, or -1 (counts of A given, W scanned). */
function swapInto(
  rules: Rules,
  cntQ: Int32Array,
  cntO: Int32Array,
  wit: readonly number[],
  e: number
): number {
  const cq = Int32Array.from(cntQ);
  for (const w of wit) for (const b of quotasOf(rules, w)) cq[b]!++;
  const orgsE = orgsOf(rules, e);
  const co = orgsE.map((o) => cntO[o]! + wit.filter((w) => orgsOf(rules, w).includes(o)).length);
  const qe = quotasOf(rules, e);
  for (const w of wit) {
    let ok = swapKeepsQuotas(rules, cq, quotasOf(rules, w), qe);
    const orgsW = orgsOf(rules, w);
    for (let k = 0; k < orgsE.length && ok; k++)
      if (co[k]! + 1 - (orgsW.includes(orgsE[k]!) ? 1 : 0) > rules.orgLimit) ok = false;
    if (ok) return w;
  }
  return -1;
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

/** The candidate's organizations already at the limit (the entry's UTF-8 order), or null. */
function orgsAtLimit(
  rules: Rules,
  cntO: Int32Array,
  e: number
): StepDetail['organizations'] | null {
  let out: NonNullable<StepDetail['organizations']> | null = null;
  for (const o of orgsOf(rules, e))
    if (cntO[o]! + 1 > rules.orgLimit)
      (out ??= []).push({ organization: rules.orgNames[o]!, count: cntO[o]!, max: rules.orgLimit });
  return out;
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
  const cntO = new Int32Array(rules.orgCapacity);
  const view: CompletionView = {
    cntQ,
    cntO,
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
    for (const o of orgsOf(rules, e)) cntO[o] = cntO[o]! + d;
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
      if (fitsSomeSeat(rules, res.commission, cntQ, cntO, e)) {
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
    const atLimit = orgsAtLimit(rules, cntO, e);
    if (atLimit) {
      step(e, 'commission', 'skipped', 'ORG_LIMIT', { organizations: atLimit });
      continue;
    }
    const at = wit.indexOf(e);
    const swap = at >= 0 ? e : swapInto(rules, cntQ, cntO, wit, e);
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
