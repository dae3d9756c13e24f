import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type CycleState } from '../cycle/cycle-state';
import { type PodSpec } from '../model/pod';
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

/** Run PreFilter then Filter plugins from `start`, stopping once enough feasible nodes are found. */
export function findFeasible(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, start: number): Feasibility {
  const nodes = snapshot.nodes;
  const total = nodes.length;
  const result: Feasibility = { feasible: [], reasons: new Map(), failures: new Uint8Array(total), processed: 0 };
  for (const plugin of profile.preFilters) {
    const status = plugin.preFilter(state, pod, snapshot);
    if (status.code !== 'Success') return rejectAll(result, status, total);
  }
  const wanted = numFeasibleNodesToFind(profile.percentageOfNodesToScore, total);
  const filters = profile.filters;
  let processed = 0;
  for (; processed < total && result.feasible.length < wanted; processed++) {
    const index = (start + processed) % total;
    const node = nodes[index];
    if (node === undefined) continue;
    let failed: Status | undefined;
    for (let f = 0; f < filters.length && failed === undefined; f++) {
      const status = (filters[f] as Profile['filters'][number]).filter(state, pod, node, snapshot);
      if (status.code !== 'Success') failed = status;
    }
    if (failed === undefined) result.feasible.push(index);
    else record(result, index, failed);
  }
  return { ...result, processed };
}

function record(result: Feasibility, index: number, status: Status): void {
  result.failures[index] = status.code === 'Unschedulable' ? NODE_UNSCHEDULABLE : NODE_UNRESOLVABLE;
  for (const reason of status.reasons) result.reasons.set(reason, (result.reasons.get(reason) ?? 0) + 1);
}

function rejectAll(result: Feasibility, status: Status, total: number): Feasibility {
  const code = status.code === 'Unschedulable' ? NODE_UNSCHEDULABLE : NODE_UNRESOLVABLE;
  result.failures.fill(code);
  for (const reason of status.reasons) result.reasons.set(reason, total);
  return { ...result, processed: total };
}
