/**
 * Feasibility before announcement (docs/PROTOCOL.md §Feasibility before announcement): the rules are
 * feasible iff some commission drawn from the whole pool satisfies every quota and every cap (the
 * completion predicate with nothing accepted yet) and the pool holds size + reserves experts. When
 * they are not, the report says which constraint fails with needed vs available counts, and lists
 * every single relaxation — lower one min, raise one max, raise one cap's limit, reduce reserves —
 * that makes them feasible, each by the smallest change that works, checked exactly.
 */
import { keysOf } from './cap-keys.js';
import { completionExists, wholePoolView } from './completion.js';
import { compileRules, withCapLimit, withQuotas, type Rules } from './compile-rules.js';
import { hasQuota } from './quota-signatures.js';
import { solveCounts, type CountClass } from './solver.js';
import { DrawError } from '../errors.js';
import type { DrawSpec } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';
import type { FeasibilityProblem, FeasibilityReport, Relaxation } from '../schemas/feasibility.js';

const commissionFeasible = (r: Rules) => completionExists(r, wholePoolView(r));

/** Indexes of the caps that can bind (a limit of `size` or more never does). */
const limiting = (rules: Rules) => rules.caps.flatMap((c, j) => (c.limit < rules.size ? [j] : []));

/** Largest k ≤ want such that k pool entries among `members` respect the caps `capIdx`. */
function maxUnderCaps(rules: Rules, members: number[], want: number, capIdx: number[]): number {
  const classes = new Map<string, CountClass>();
  for (const i of members) {
    const caps = [...keysOf(rules, i)].filter((k) => capIdx.includes(rules.keys.capOf[k]!));
    const key = caps.join(',');
    const c = classes.get(key);
    if (c) c.avail++;
    else classes.set(key, { quotas: [], caps, avail: 1 });
  }
  const cap = Array.from({ length: rules.keys.capacity }, (_, k) =>
    k < rules.keys.capOf.length ? rules.caps[rules.keys.capOf[k]!]!.limit : 0
  );
  for (let k = Math.min(want, members.length); k > 0; k--)
    if (solveCounts({ classes: [...classes.values()], seats: k, lo: [], hi: [], cap })) return k;
  return 0;
}

function explain(rules: Rules): FeasibilityProblem[] {
  const n = rules.entries.length;
  const out: FeasibilityProblem[] = [];
  if (n < rules.size)
    out.push({
      kind: 'pool-size',
      need: rules.size,
      available: n,
      message: `${rules.size} seats but only ${n} eligible experts`,
    });
  const limited = limiting(rules);
  const limits = limited.map((j) => `${rules.caps[j]!.family.field} ${rules.caps[j]!.limit}`);
  rules.quotas.forEach((q, b) => {
    const matching: number[] = [];
    for (let i = 0; i < n; i++)
      if (hasQuota(rules.sigQuotas[rules.sigOf[i]!]!, b)) matching.push(i);
    const others = n - matching.length;
    const name = `${q.category}=${q.value}`;
    if (q.lo > 0) {
      const available =
        limited.length > 0 ? maxUnderCaps(rules, matching, q.lo, limited) : matching.length;
      if (available < q.lo)
        out.push({
          kind: 'quota-min',
          category: q.category,
          value: q.value,
          need: q.lo,
          available,
          message:
            `min ${q.lo} for ${name}: only ${available} eligible expert(s) can be seated` +
            (available < matching.length
              ? ` (${matching.length} eligible, ${limits.join(', ')})`
              : ''),
        });
    }
    if (rules.size - q.hi > others)
      out.push({
        kind: 'quota-max',
        category: q.category,
        value: q.value,
        need: rules.size - q.hi,
        available: others,
        message: `max ${q.hi} for ${name} leaves ${rules.size - q.hi} seats for others, but only ${others} eligible expert(s) are not ${name}`,
      });
  });
  if (n >= rules.size)
    for (const j of limited) {
      const { family, limit } = rules.caps[j]!;
      const available = maxUnderCaps(rules, [...Array(n).keys()], rules.size, [j]);
      if (available < rules.size)
        out.push({
          kind: family.violation,
          need: rules.size,
          available,
          message: `with ${family.field} ${limit} at most ${available} experts can be seated together`,
        });
    }
  if (out.length === 0) {
    const rulesText = ['the quotas', ...limited.map((j) => `the ${rules.caps[j]!.family.noun}`)];
    out.push({
      kind: 'combination',
      message: `each rule can be met alone, but ${rulesText.join(' and ')} cannot all be met together`,
    });
  }
  return out;
}

function relaxations(rules: Rules): Relaxation[] {
  const out: Relaxation[] = [];
  rules.quotas.forEach((q, b) => {
    const name = `${q.category}=${q.value}`;
    const withBound = (lo: number, hi: number) =>
      withQuotas(
        rules,
        rules.quotas.map((x, i) => (i === b ? { ...x, lo, hi } : x))
      );
    for (let lo = q.lo - 1; lo >= 0; lo--)
      if (commissionFeasible(withBound(lo, q.hi))) {
        out.push({
          change: 'lower-min',
          category: q.category,
          value: q.value,
          from: q.lo,
          to: lo,
          text: `lower min for ${name} from ${q.lo} to ${lo}`,
        });
        break;
      }
    for (let hi = q.hi + 1; hi <= rules.size; hi++)
      if (commissionFeasible(withBound(q.lo, hi))) {
        out.push({
          change: 'raise-max',
          category: q.category,
          value: q.value,
          from: q.hi,
          to: hi,
          text: `raise max for ${name} from ${q.hi} to ${hi}`,
        });
        break;
      }
  });
  rules.caps.forEach(({ family, limit }, j) => {
    for (let L = limit + 1; L <= rules.size; L++)
      if (commissionFeasible(withCapLimit(rules, j, L))) {
        out.push({
          change: family.relax,
          from: limit,
          to: L,
          text: `raise ${family.field} from ${limit} to ${L}`,
        });
        break;
      }
  });
  return out;
}

/** The report: feasible, or the problems and the single relaxations that would fix them. */
export function checkFeasibility(spec: DrawSpec, entries: readonly PoolEntry[]): FeasibilityReport {
  const rules = compileRules(spec, entries);
  const n = entries.length;
  const commissionOk = n >= spec.size && commissionFeasible(rules);
  const problems: FeasibilityProblem[] = commissionOk ? [] : explain(rules);
  const suggestions: Relaxation[] = commissionOk || n < spec.size ? [] : relaxations(rules);
  if (n < spec.size + spec.reserves) {
    const to = Math.max(0, n - spec.size);
    problems.push({
      kind: 'reserves',
      need: spec.size + spec.reserves,
      available: n,
      message: `${spec.size} members and ${spec.reserves} reserves need ${spec.size + spec.reserves} eligible experts; the pool has ${n}`,
    });
    if (n >= spec.size)
      suggestions.push({
        change: 'reduce-reserves',
        from: spec.reserves,
        to,
        text: `reduce reserves from ${spec.reserves} to ${to}`,
      });
  }
  return { feasible: problems.length === 0, problems, suggestions };
}

/** Throws DrawError INFEASIBLE with the report as details when the rules cannot be met. */
export function assertFeasible(spec: DrawSpec, entries: readonly PoolEntry[]): void {
  const report = checkFeasibility(spec, entries);
  if (report.feasible) return;
  const hint = report.suggestions.length > 0 ? `; e.g. ${report.suggestions[0]!.text}` : '';
  throw new DrawError('INFEASIBLE', `${report.problems[0]!.message}${hint}`, { details: report });
}
