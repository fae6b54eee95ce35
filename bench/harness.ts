/**
 * Benchmark harness. Every `bench/*.bench.ts` default-exports a function that returns a
 * {@link BenchSection}; `npm run bench` (bench/run.ts) runs them all and rewrites
 * bench/RESULTS.md. Figures are always reported beside a floor measured in the same run
 * (the cheapest possible way to do the same work), because absolute numbers on a shared
 * 2-core machine are noise; the ratio is what the targets are written against.
 */
export interface BenchRow {
  /** What was measured, e.g. `npm compare (pre-parsed)`. */
  readonly name: string;
  /** Measured figure, in `unit`. */
  readonly value: number;
  readonly unit: string;
  /** The floor's figure in the same unit, when the row has one. */
  readonly floor?: number;
  /** Human-readable target, e.g. `>= 2,000,000 ops/s`. */
  readonly target?: string;
  /** Whether the target is met. */
  readonly pass?: boolean;
}

export interface BenchSection {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Free text: what the floor is, inputs used, caveats. */
  readonly notes?: string;
}

export type Bench = () => Promise<BenchSection>;

/**
 * Runs `fn` repeatedly for at least `minMs` and returns operations per second,
 * where `fn` performs `opsPerCall` operations per call. A short warm-up lets V8 optimise first.
 */
export function opsPerSecond(fn: () => void, opsPerCall: number, minMs = 500): number {
  const warmUntil = performance.now() + Math.min(200, minMs / 2);
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls * opsPerCall * 1000) / elapsed;
}

/** Median wall time in milliseconds of `runs` executions of an async task. */
export async function medianMs(task: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
