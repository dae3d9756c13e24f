import { type PlacedPod } from '../model/pod';

/** A node where preemption would work, with the victims it needs. */
export interface PreemptionCandidate {
  readonly node: string;
  readonly order: number;
  readonly victims: readonly PlacedPod[];
}

const PRIORITY_OFFSET = 2 ** 31;

/**
 * kube-scheduler's pickOneNodeForPreemption: (PDB violations are not modelled, so all tie there)
 * lowest highest-victim priority, smallest priority sum (each offset by 2^31, so fewer victims weigh
 * more), fewest victims, latest start among the highest-priority victims, then scan order.
 */
export function pickPreemptionNode(candidates: readonly PreemptionCandidate[]): PreemptionCandidate | undefined {
  const keyed = candidates.map((c) => ({ c, k: sortKey(c) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) {
      const d = (a.k[i] as number) - (b.k[i] as number);
      if (d !== 0) return d;
    }
    return a.c.order - b.c.order;
  });
  return keyed[0]?.c;
}

function sortKey(c: PreemptionCandidate): number[] {
  const priorities = c.victims.map((v) => v.priority);
  const highest = priorities.length === 0 ? -Infinity : Math.max(...priorities);
  const sum = priorities.reduce((s, p) => s + p + PRIORITY_OFFSET, 0);
  const earliestOfHighest = Math.min(...c.victims.filter((v) => v.priority === highest).map((v) => v.startTime ?? 0));
  return [highest, sum, c.victims.length, -(Number.isFinite(earliestOfHighest) ? earliestOfHighest : 0)];
}
