/**
 * A set of members checked against every rule (docs/PROTOCOL.md §Rules, §Replacement): counts per
 * quota and per cap key, and the rules the set breaks in the order a replacement step lists them —
 * quota maxes (and mins) in spec order, then each cap in table order, its keys by UTF-8 bytes.
 */
import { compareUtf8 } from '../bytes.js';
import { keysOf } from './cap-keys.js';
import type { Rules } from './compile-rules.js';
import type { Violation } from '../schemas/draw-result.js';

/** Counts of a set of pool indexes per quota and per cap key id. */
export function countSet(
  rules: Rules,
  members: readonly number[]
): { q: number[]; keys: Map<number, number> } {
  const q = rules.quotas.map(() => 0);
  const keys = new Map<number, number>();
  for (const i of members) {
    for (const b of rules.sigQuotas[rules.sigOf[i]!]!) q[b]!++;
    for (const k of keysOf(rules, i)) keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  return { q, keys };
}

/**
 * Every rule a set breaks: quota maxes and cap limits always, quota mins when `withMins` (a commission
 * of `size` members must meet them; a partial one need not yet). Quotas in spec order, then each cap
 * in table order with its keys in UTF-8 order.
 */
export function setViolations(
  rules: Rules,
  members: readonly number[],
  withMins = true
): Violation[] {
  const { q, keys } = countSet(rules, members);
  const out: Violation[] = [];
  rules.quotas.forEach((quota, b) => {
    const c = q[b]!;
    if (c > quota.hi)
      out.push({
        kind: 'quota-max',
        category: quota.category,
        value: quota.value,
        count: c,
        limit: quota.hi,
      });
    if (withMins && c < quota.lo)
      out.push({
        kind: 'quota-min',
        category: quota.category,
        value: quota.value,
        count: c,
        limit: quota.lo,
      });
  });
  rules.caps.forEach(({ family, limit }, j) => {
    const over = [...keys.entries()]
      .filter(([k, c]) => rules.keys.capOf[k] === j && c > limit)
      .map(([k, c]) => ({ name: rules.keys.names[k]!, c }))
      .sort((a, b) => compareUtf8(a.name, b.name));
    for (const { name, c } of over)
      out.push({ kind: family.violation, [family.key]: name, count: c, limit } as Violation);
  });
  return out;
}
