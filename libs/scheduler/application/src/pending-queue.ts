import { type PodHandle } from './cluster-picture';

/** Pods placed together: one pod, or every pending stage of a pipeline-parallel replica (a gang). */
export interface SchedulingUnit {
  readonly deployment: string;
  readonly gang: string | undefined;
  readonly members: readonly PodHandle[];
  readonly priority: number;
  readonly order: number;
}

/**
 * Pending pods as scheduling units in the order the scheduler tries them: priority first (highest
 * first), then creation order, then name — kube-scheduler's active queue ordering.
 */
export function pendingUnits(pending: readonly PodHandle[]): SchedulingUnit[] {
  const units = new Map<string, SchedulingUnit>();
  for (const handle of pending) {
    const gang = handle.spec.gang;
    const key = gang === undefined ? `pod:${handle.deployment.name}/${handle.pod.name}` : `gang:${handle.deployment.name}/${gang}`;
    const unit = units.get(key);
    const order = handle.spec.startTime ?? Number.MAX_SAFE_INTEGER;
    units.set(key, {
      deployment: handle.deployment.name,
      gang,
      members: [...(unit?.members ?? []), handle],
      priority: Math.max(unit?.priority ?? Number.MIN_SAFE_INTEGER, handle.spec.priority),
      order: Math.min(unit?.order ?? Number.MAX_SAFE_INTEGER, order),
    });
  }
  return [...units.values()].sort((a, b) => b.priority - a.priority || a.order - b.order || compareNames(a, b));
}

function compareNames(a: SchedulingUnit, b: SchedulingUnit): number {
  const x = a.members[0]?.pod.name ?? '';
  const y = b.members[0]?.pod.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
