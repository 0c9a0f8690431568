/**
 * Feasibility before announcement (docs/PROTOCOL.md §Feasibility before announcement): the rules are
 * feasible iff some commission drawn from the whole pool satisfies every quota and the organization
 * limit (the completion predicate with nothing accepted yet) and the pool holds size + reserves
 * experts. When they are not, the report says which constraint fails with needed vs available counts,
 * and lists every single relaxation — lower one min, raise one max, raise perOrganizationMax, reduce
 * reserves — that makes them feasible, each by the smallest change that works, checked exactly.
 */
import { completionExists, wholePoolView } from './completion.js';
import { compileRules, orgsOf, type CompiledQuota, type Rules } from './quotas.js';
import { hasQuota } from './quota-signatures.js';
import { solveCounts, type CountClass } from './solver.js';
import { DrawError } from '../errors.js';
import type { DrawSpec } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';
import type { FeasibilityProblem, FeasibilityReport, Relaxation } from '../schemas/feasibility.js';

const commissionFeasible = (r: Rules) => completionExists(r, wholePoolView(r));

function variant(rules: Rules, quotas: CompiledQuota[], orgLimit = rules.orgLimit): Rules {
  return { ...rules, quotas, orgLimit };
}

/** Largest k ≤ want such that k pool entries among `members` respect the organization limit. */
function maxUnderOrgLimit(rules: Rules, members: number[], want: number): number {
  const classes = new Map<string, CountClass>();
  for (const i of members) {
    const orgs = [...orgsOf(rules, i)];
    const k = orgs.join(',');
    const c = classes.get(k);
    if (c) c.avail++;
    else classes.set(k, { quotas: [], orgs, avail: 1 });
  }
  const cap = new Array<number>(rules.orgCapacity).fill(rules.orgLimit);
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
  const limited = rules.orgLimit < rules.size;
  rules.quotas.forEach((q, b) => {
    const matching: number[] = [];
    for (let i = 0; i < n; i++)
      if (hasQuota(rules.sigQuotas[rules.sigOf[i]!]!, b)) matching.push(i);
    const others = n - matching.length;
    const name = `${q.category}=${q.value}`;
    if (q.lo > 0) {
      const available = limited ? maxUnderOrgLimit(rules, matching, q.lo) : matching.length;
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
              ? ` (${matching.length} eligible, perOrganizationMax ${rules.orgLimit})`
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
  if (limited && n >= rules.size) {
    const all = [...Array(n).keys()];
    const available = maxUnderOrgLimit(rules, all, rules.size);
    if (available < rules.size)
      out.push({
        kind: 'org-limit',
        need: rules.size,
        available,
        message: `with perOrganizationMax ${rules.orgLimit} at most ${available} experts can be seated together`,
      });
  }
  if (out.length === 0)
    out.push({
      kind: 'combination',
      message:
        'each rule can be met alone, but the quotas and the organization limit cannot all be met together',
    });
  return out;
}

function relaxations(rules: Rules): Relaxation[] {
  const out: Relaxation[] = [];
  rules.quotas.forEach((q, b) => {
    const name = `${q.category}=${q.value}`;
    const withBound = (lo: number, hi: number) =>
      variant(
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
  for (let L = rules.orgLimit + 1; L <= rules.size; L++)
    if (commissionFeasible(variant(rules, rules.quotas, L))) {
      out.push({
        change: 'raise-org-limit',
        from: rules.orgLimit,
        to: L,
        text: `raise perOrganizationMax from ${rules.orgLimit} to ${L}`,
      });
      break;
    }
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
