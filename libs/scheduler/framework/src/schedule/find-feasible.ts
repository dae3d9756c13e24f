import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type CycleState } from '../cycle/cycle-state';
import { type PodSpec } from '../model/pod';
import { type FilterPlugin } from '../plugin';
import { type Profile } from '../profile';
import { type Status } from '../status';
import { numFeasibleNodesToFind } from './fit-error';

/** Node failure codes recorded during filtering (for preemption). */
export const NODE_UNSCHEDULABLE = 1;
export const NODE_UNRESOLVABLE = 2;

/** What filtering found. */
export interface Feasibility {
  readonly feasible: number[];
  readonly reasons: Map<string, number>;
  /** Per node: 0 feasible or not visited, 1 unschedulable, 2 unresolvable. */
  readonly failures: Uint8Array;
  readonly processed: number;
}

/**
 * Run PreFilter (plugins answering Skip are left out of this cycle), then Filter from `start`,
 * stopping once enough feasible nodes are found. Each node stops at its first failing filter.
 */
export function findFeasible(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, start: number): Feasibility {
  const nodes = snapshot.nodes;
  const total = nodes.length;
  const failures = new Uint8Array(total);
  const skipped = new Set<string>();
  for (const plugin of profile.preFilters) {
    const status = plugin.preFilter(state, pod, snapshot);
    if (status.code === 'Skip') skipped.add(plugin.name);
    else if (status.code !== 'Success') return rejectAll(failures, status, total);
  }
  const filters: FilterPlugin[] = profile.filters.filter((f) => !skipped.has(f.name));
  const wanted = numFeasibleNodesToFind(profile.percentageOfNodesToScore, total);
  const feasible: number[] = [];
  const byStatus = new Map<Status, number>();
  const count = filters.length;
  let processed = 0;
  for (; processed < total && feasible.length < wanted; processed++) {
    const index = (start + processed) % total;
    const node = nodes[index];
    if (node === undefined) continue;
    let failed: Status | undefined;
    for (let f = 0; f < count && failed === undefined; f++) {
      const status = (filters[f] as FilterPlugin).filter(state, pod, node, snapshot);
      if (status.code !== 'Success') failed = status;
    }
    if (failed === undefined) feasible.push(index);
    else {
      failures[index] = failed.code === 'Unschedulable' ? NODE_UNSCHEDULABLE : NODE_UNRESOLVABLE;
      byStatus.set(failed, (byStatus.get(failed) ?? 0) + 1);
    }
  }
  return { feasible, reasons: histogram(byStatus), failures, processed };
}

function histogram(byStatus: ReadonlyMap<Status, number>): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const [status, n] of byStatus) for (const r of status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + n);
  return reasons;
}

function rejectAll(failures: Uint8Array, status: Status, total: number): Feasibility {
  failures.fill(status.code === 'Unschedulable' ? NODE_UNSCHEDULABLE : NODE_UNRESOLVABLE);
  const reasons = new Map<string, number>();
  for (const reason of status.reasons) reasons.set(reason, total);
  return { feasible: [], reasons, failures, processed: total };
}
