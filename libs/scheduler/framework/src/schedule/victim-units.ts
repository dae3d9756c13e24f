import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type PlacedPod, type PodSpec } from '../model/pod';

interface Unit {
  readonly pods: PlacedPod[];
  readonly importance: number;
  readonly start: number;
}

/**
 * Evictable units on a node: single pods of strictly lower priority, or whole gangs whose every member
 * (on any node) has strictly lower priority. Most important first (priority desc, earlier start first),
 * the order in which kube-scheduler tries to reprieve victims.
 */
export function victimUnits(pod: PodSpec, snapshot: ClusterSnapshot, nodeIndex: number): PlacedPod[][] {
  const units: Unit[] = [];
  const seenGangs = new Set<string>();
  for (const placed of snapshot.podsOn(nodeIndex)) {
    if (placed.priority >= pod.priority) continue;
    if (placed.gang === undefined) {
      units.push({ pods: [placed], importance: placed.priority, start: placed.startTime ?? 0 });
      continue;
    }
    if (seenGangs.has(placed.gang)) continue;
    seenGangs.add(placed.gang);
    const members = gangMembers(snapshot, placed);
    if (members.every((m) => m.priority < pod.priority)) {
      units.push({ pods: members, importance: Math.max(...members.map((m) => m.priority)), start: Math.min(...members.map((m) => m.startTime ?? 0)) });
    }
  }
  return units.sort((a, b) => b.importance - a.importance || a.start - b.start).map((u) => u.pods);
}

function gangMembers(snapshot: ClusterSnapshot, member: PlacedPod): PlacedPod[] {
  const members: PlacedPod[] = [];
  for (const p of snapshot.pods()) if (p.gang === member.gang && p.namespace === member.namespace) members.push(p);
  return members;
}
