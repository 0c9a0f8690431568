/**
 * Where one expert stands in one draw, derived from the draw's logged entries only (docs/PROTOCOL.md
 * §Find me): the draw.announced entry (frozen pool, exclusions with their rules) and the latest entry
 * holding the result (draw.result or the last draw.declined). The server answers with it and the
 * /find page derives it again from the same entries after checking their inclusion proofs, so what
 * the page shows is what the log says.
 */
import { z } from 'zod';
import { ExclusionRule } from './schemas/conflicts.js';
import { StepRule, type DrawResult } from './schemas/draw-result.js';
import type { Exclusion } from './schemas/conflicts.js';
import type { PoolEntry } from './schemas/pool.js';

export const ExpertOutcome = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('member') }),
  z.strictObject({ kind: z.literal('reserve'), n: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('skipped'), rule: StepRule.optional() }),
  z.strictObject({ kind: z.literal('declined') }),
  z.strictObject({ kind: z.literal('excluded'), rule: ExclusionRule }),
  /** in the pool, the walk ended before reaching this expert */
  z.strictObject({ kind: z.literal('not_reached') }),
  /** in the pool, not drawn yet */
  z.strictObject({ kind: z.literal('pending') }),
]);
export type ExpertOutcome = z.infer<typeof ExpertOutcome>;

export const ExpertInDraw = z.strictObject({
  /** 1-based number in the frozen pool; null when excluded */
  poolNo: z.number().int().min(1).nullable(),
  outcome: ExpertOutcome,
});
export type ExpertInDraw = z.infer<typeof ExpertInDraw>;

/** The expert's place and outcome, or null when the draw's pool and exclusions do not mention them. */
export function expertInDraw(
  registryNo: string,
  announced: { pool: readonly PoolEntry[]; exclusions: readonly Exclusion[] },
  result: DrawResult | null
): ExpertInDraw | null {
  const i = announced.pool.findIndex((e) => e.registryNo === registryNo);
  if (i < 0) {
    const ex = announced.exclusions.find((e) => e.registryNo === registryNo);
    return ex ? { poolNo: null, outcome: { kind: 'excluded', rule: ex.rule } } : null;
  }
  const poolNo = i + 1;
  if (result === null) return { poolNo, outcome: { kind: 'pending' } };
  if (result.commission.includes(registryNo)) return { poolNo, outcome: { kind: 'member' } };
  const r = result.reserves.indexOf(registryNo);
  if (r >= 0) return { poolNo, outcome: { kind: 'reserve', n: r + 1 } };
  const last = result.steps.filter((s) => s.registryNo === registryNo).at(-1);
  if (!last) return { poolNo, outcome: { kind: 'not_reached' } };
  if (last.outcome === 'skipped')
    return {
      poolNo,
      outcome: last.rule === undefined ? { kind: 'skipped' } : { kind: 'skipped', rule: last.rule },
    };
  // declined, withdrawn or vacant: the expert left the commission or the reserves
  return { poolNo, outcome: { kind: 'declined' } };
}
