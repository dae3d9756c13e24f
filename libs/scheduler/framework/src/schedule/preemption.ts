import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type ClusterState } from '../cluster/cluster-state';
import { type PlacedPod, type PodSpec, podKey } from '../model/pod';
import { type Profile } from '../profile';
import { NODE_UNSCHEDULABLE } from './find-feasible';
import { fitsOn } from './fits-on';
import { couldFitWithout } from './preemption-precheck';
import { pickPreemptionNode, type PreemptionCandidate } from './preemption-order';
import { type PreemptionPlan } from './schedule-result';
import { victimUnits } from './victim-units';

/**
 * Kubernetes DefaultPreemption: on every node that failed only resolvably, remove all strictly
 * lower-priority pods (whole gangs), check the pod fits, then reprieve victims from the most important
 * down; pick the node by the kube tie-breaks among the first max(100, 10%) candidates found.
 * Works on a fork; the snapshot is untouched.
 */
export function planPreemption(pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, failures: Uint8Array): PreemptionPlan | undefined {
  let fork: ClusterState | undefined;
  const candidates: PreemptionCandidate[] = [];
  const wanted = numCandidates(failures.length);
  for (let index = 0; index < failures.length && candidates.length < wanted; index++) {
    if (failures[index] !== NODE_UNSCHEDULABLE) continue;
    const units = victimUnits(pod, snapshot, index);
    const node = snapshot.nodes[index];
    if (units.length === 0 || node === undefined || !couldFitWithout(pod, node, units)) continue;
    fork ??= snapshot.fork();
    const victims = minimalVictims(pod, fork, profile, index, units);
    if (victims !== undefined && victims.length > 0) candidates.push({ node: node.name, order: index, victims });
  }
  const best = pickPreemptionNode(candidates);
  return best === undefined ? undefined : { node: best.node, victims: best.victims.map(podKey) };
}

/** kube DefaultPreemption: dry-run on at least 10% of nodes (minimum 100) before choosing. */
function numCandidates(nodes: number): number {
  return Math.min(nodes, Math.max(100, Math.floor(nodes / 10)));
}

function minimalVictims(pod: PodSpec, fork: ClusterState, profile: Profile, index: number, units: readonly PlacedPod[][]): PlacedPod[] | undefined {
  for (const unit of units) for (const p of unit) fork.remove(podKey(p));
  let victims: PlacedPod[] | undefined;
  if (fitsOn(pod, fork, profile, index)) {
    victims = [];
    for (const unit of units) {
      for (const p of unit) fork.bind(p, p.nodeName, p.gpus);
      if (!fitsOn(pod, fork, profile, index)) {
        for (const p of unit) fork.remove(podKey(p));
        victims.push(...unit);
      }
    }
  }
  for (const unit of units) for (const p of unit) if (fork.pod(podKey(p)) === undefined) fork.bind(p, p.nodeName, p.gpus);
  return victims;
}
