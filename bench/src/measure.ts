/** Runs `workers` loops of `step` for `durationMs` and returns completed operations per second. */
export async function throughput(workers: number, durationMs: number, step: (worker: number) => Promise<number>): Promise<number> {
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  const counts = await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      let done = 0;
      while (Date.now() < deadline) done += await step(worker);
      return done;
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(counts.reduce((a, b) => a + b, 0) / seconds);
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
