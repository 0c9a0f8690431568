/**
 * The first difference between a re-run draw result and the one in the file, as structured facts a
 * reader can be told in plain words ("the file says R-0114 is seat 2; re-running the draw gives
 * R-0113") rather than as a JSON path. Checks 10 and 11 (./outcome-checks.ts) attach it to their
 * VerificationError's details; the verdict text is rendered from the catalogue by whoever shows it
 * (shared/i18n/verify-text.ts). It never decides a verdict: the codes and messages stay those of
 * firstDifference.
 */
import type { DrawResult, DrawStep } from '../schemas/draw-result.js';
import { firstDifference } from './diff.js';

export type ResultDiff =
  /** the step examines another expert than the re-run's */
  | { kind: 'step-expert'; step: number; file: string; rerun: string }
  /** the step's expert is the same, its outcome is not */
  | { kind: 'step-outcome'; step: number; expert: string; file: string; rerun: string }
  /** the step differs in another field (its rule or detail) */
  | { kind: 'step-field'; step: number; expert: string; field: string }
  /** one has more steps than the other */
  | { kind: 'step-count'; file: number; rerun: number }
  /** a commission seat (1-based) or a reserve place holds another expert ('—': none) */
  | { kind: 'seat' | 'reserve'; place: number; file: string; rerun: string }
  /** anything else (the method) */
  | { kind: 'field'; field: string };

const NONE = '—';

function stepDiff(got: DrawStep, want: DrawStep, where: string): ResultDiff {
  if (got.registryNo !== want.registryNo)
    return { kind: 'step-expert', step: want.n, file: got.registryNo, rerun: want.registryNo };
  if (got.outcome !== want.outcome)
    return {
      kind: 'step-outcome',
      step: want.n,
      expert: want.registryNo,
      file: got.outcome,
      rerun: want.outcome,
    };
  return { kind: 'step-field', step: want.n, expert: want.registryNo, field: where };
}

function listDiff(kind: 'seat' | 'reserve', got: string[], want: string[]): ResultDiff | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++)
    if (got[i] !== want[i])
      return { kind, place: i + 1, file: got[i] ?? NONE, rerun: want[i] ?? NONE };
  return null;
}

/** Where `got` (the file's) first differs from `want` (the re-run), steps first; null if equal. */
export function resultDifference(want: DrawResult, got: DrawResult): ResultDiff | null {
  const n = Math.min(want.steps.length, got.steps.length);
  for (let i = 0; i < n; i++) {
    const where = firstDifference(want.steps[i], got.steps[i]);
    if (where !== null) return stepDiff(got.steps[i]!, want.steps[i]!, where);
  }
  if (want.steps.length !== got.steps.length)
    return { kind: 'step-count', file: got.steps.length, rerun: want.steps.length };
  const where = firstDifference(want, got);
  if (where === null) return null;
  return (
    listDiff('seat', got.commission, want.commission) ??
    listDiff('reserve', got.reserves, want.reserves) ?? { kind: 'field', field: where }
  );
}
