import { type DeploymentRow, type PodRow } from '../rows';

/** One deployment stream's read model: the deployment and its pods, with what changed since loading. */
export interface DeploymentView {
  readonly row: DeploymentRow;
  readonly pods: ReadonlyMap<string, PodRow>;
  /** Pods created or changed (to upsert). */
  readonly changed: ReadonlySet<string>;
  /** Pods removed (to delete). */
  readonly removed: ReadonlySet<string>;
}

/** Desired replicas are the deployment's; scheduled replicas have every pod Bound, pending ones do not. */
export function summarisedDeployment(view: DeploymentView): DeploymentRow {
  const replicas = new Map<number, boolean>();
  let bound = 0;
  for (const pod of view.pods.values()) {
    if (pod.phase === 'Bound') bound += 1;
    replicas.set(pod.ordinal, (replicas.get(pod.ordinal) ?? true) && pod.phase === 'Bound');
  }
  const scheduled = [...replicas.values()].filter(Boolean).length;
  return {
    ...view.row,
    scheduled_replicas: scheduled,
    pending_replicas: replicas.size - scheduled,
    pod_count: view.pods.size,
    bound_pods: bound,
  };
}
