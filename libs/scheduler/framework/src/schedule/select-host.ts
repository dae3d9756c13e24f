import { type Rng } from '../rng';

/**
 * Index of the best total; ties broken uniformly at random by reservoir sampling, as kube-scheduler's
 * selectHost does (with a seeded source here, so decisions replay).
 */
export function selectHost(totals: Float64Array, count: number, rng: Rng): number {
  let best = 0;
  let bestScore = -Infinity;
  let ties = 0;
  for (let i = 0; i < count; i++) {
    const score = totals[i] as number;
    if (score > bestScore) {
      bestScore = score;
      best = i;
      ties = 1;
    } else if (score === bestScore) {
      ties++;
      if (rng.next() * ties < 1) best = i;
    }
  }
  return best;
}

/** Indices of the `k` best totals, best first (ties by position). */
export function topIndices(totals: Float64Array, count: number, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < count; i++) {
    const score = totals[i] as number;
    let at = top.length;
    while (at > 0 && (totals[top[at - 1] as number] as number) < score) at--;
    if (at < k) {
      top.splice(at, 0, i);
      if (top.length > k) top.pop();
    }
  }
  return top;
}
