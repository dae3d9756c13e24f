import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { CycleState } from '../cycle/cycle-state';
import { type PodSpec } from '../model/pod';
import { type Profile } from '../profile';

/** Whether every PreFilter and Filter accepts the pod on one node (Skip leaves a filter out). */
export function fitsOn(pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, nodeIndex: number): boolean {
  const node = snapshot.nodes[nodeIndex];
  if (node === undefined) return false;
  const state = new CycleState();
  const skipped = new Set<string>();
  for (const plugin of profile.preFilters) {
    const code = plugin.preFilter(state, pod, snapshot).code;
    if (code === 'Skip') skipped.add(plugin.name);
    else if (code !== 'Success') return false;
  }
  for (const plugin of profile.filters) {
    if (!skipped.has(plugin.name) && plugin.filter(state, pod, node, snapshot).code !== 'Success') return false;
  }
  return true;
}
