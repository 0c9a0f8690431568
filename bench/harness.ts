/**
 * Benchmark harness: each bench/*.bench.ts exports `benches: Bench[]`; `npm run bench` runs them all (or
 * those whose name contains the first CLI argument) and writes docs/BENCHMARKS.md with the machine and
 * date. Figures are medians over several runs; targets are printed beside them, never asserted in tests.
 */
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  /** what was measured, e.g. "draw: 10,000 experts, 15+15, 3 quota categories" */
  name: string;
  /** the figure, e.g. "1.84 ms" or "2,350 appends/s" */
  value: string;
  /** the target from the issue, e.g. "< 5 ms" */
  target?: string;
  /** whether the target is met (undefined when there is none) */
  met?: boolean;
  /** how it was measured (runs, sizes) */
  notes?: string;
}

export interface Bench {
  /** section title in BENCHMARKS.md */
  section: string;
  run(): Promise<BenchResult[]>;
}

/** Median wall time of fn in milliseconds over `runs` runs after `warmup` runs. */
export async function medianMs(
  fn: () => unknown | Promise<unknown>,
  runs = 7,
  warmup = 2
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function fmtMs(ms: number): string {
  return ms < 1
    ? `${(ms * 1000).toFixed(0)} µs`
    : ms < 1000
      ? `${ms.toFixed(2)} ms`
      : `${(ms / 1000).toFixed(2)} s`;
}

export function fmtRate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}
