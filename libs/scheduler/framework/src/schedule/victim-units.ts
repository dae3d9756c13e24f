import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type PlacedPod, type PodSpec } from '../model/pod';

/**
 * Evictable units on a node: single pods of strictly lower priority, or whole gangs whose every member
 * (on any node) has strictly lower priority. Most important first (priority desc, earlier start first),
 * the order in which kube-scheduler tries to reprieve victims.
 */
export function victimUnits(pod: PodSpec, snapshot: ClusterSnapshot, nodeIndex: number): PlacedPod[][] {
  const units: PlacedPod[][] = [];
  const seenGangs = new Set<string>();
  for (const placed of snapshot.podsOn(nodeIndex)) {
    if (placed.priority >= pod.priority) continue;
    if (placed.gang === undefined) {
      units.push([placed]);
      continue;
    }
    if (seenGangs.has(placed.gang)) continue;
    seenGangs.add(placed.gang);
    const members = gangMembers(snapshot, placed);
    if (members.every((m) => m.priority < pod.priority)) units.push(members);
  }
  return units.sort((a, b) => importance(b) - importance(a) || startOf(a) - startOf(b));
}

function gangMembers(snapshot: ClusterSnapshot, member: PlacedPod): PlacedPod[] {
  const members: PlacedPod[] = [];
  for (const p of snapshot.pods()) if (p.gang === member.gang && p.namespace === member.namespace) members.push(p);
  return members;
}

function importance(unit: readonly PlacedPod[]): number {
  return Math.max(...unit.map((p) => p.priority));
}

function startOf(unit: readonly PlacedPod[]): number {
  return Math.min(...unit.map((p) => p.startTime ?? 0));
}
