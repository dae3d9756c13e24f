import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type ClusterState } from '../cluster/cluster-state';
import { type PlacedPod, type PodSpec, podKey } from '../model/pod';
import { type Profile } from '../profile';
import { NODE_UNSCHEDULABLE } from './find-feasible';
import { fitsOn } from './fits-on';
import { pickPreemptionNode, type PreemptionCandidate } from './preemption-order';
import { type PreemptionPlan } from './schedule-result';
import { victimUnits } from './victim-units';

/**
 * Kubernetes DefaultPreemption: on every node that failed only resolvably, remove all strictly
 * lower-priority pods (whole gangs), check the pod fits, then reprieve victims from the most important
 * down; pick the node by the kube tie-breaks. Works on a fork; the snapshot is untouched.
 */
export function planPreemption(pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, failures: Uint8Array): PreemptionPlan | undefined {
  let fork: ClusterState | undefined;
  const candidates: PreemptionCandidate[] = [];
  for (let index = 0; index < failures.length; index++) {
    if (failures[index] !== NODE_UNSCHEDULABLE) continue;
    const units = victimUnits(pod, snapshot, index);
    if (units.length === 0) continue;
    fork ??= snapshot.fork();
    const victims = minimalVictims(pod, fork, profile, index, units);
    const node = snapshot.nodes[index];
    if (victims !== undefined && victims.length > 0 && node !== undefined) candidates.push({ node: node.name, order: index, victims });
  }
  const best = pickPreemptionNode(candidates);
  return best === undefined ? undefined : { node: best.node, victims: best.victims.map(podKey) };
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
