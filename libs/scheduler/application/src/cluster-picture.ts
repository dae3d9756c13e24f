import { type ActiveDeployment, type Pod } from '@keel/deployment-domain';
import { ClusterState, type PodSpec, podKey } from '@keel/scheduler-framework';
import { type ClusterView } from './cluster-view';
import { toNodeSpec, toPlacedSpec, toPodSpec } from './to-framework';

/** A pod of a deployment, with the framework spec the scheduler decides on. */
export interface PodHandle {
  readonly deployment: ActiveDeployment;
  readonly pod: Pod;
  readonly spec: PodSpec;
}

/** The framework's cluster state built from the view, and the way back from framework keys to pods. */
export interface ClusterPicture {
  readonly state: ClusterState;
  /** Framework pod key (`keel/<pod>`) → the deployment pod. */
  readonly byKey: ReadonlyMap<string, PodHandle>;
  /** Every pending pod. */
  readonly pending: readonly PodHandle[];
}

/**
 * Builds the framework's cluster from the view. Capacity comes from the node streams' allocations (the
 * invariant's source of truth); labels and constraints of placed pods come from their deployments.
 */
export function buildClusterPicture(view: ClusterView): ClusterPicture {
  const byKey = new Map<string, PodHandle>();
  const pending: PodHandle[] = [];
  for (const { state: deployment } of view.deployments.values()) {
    if (deployment.status !== 'Active') continue;
    for (const pod of Object.values(deployment.pods)) {
      const handle = { deployment, pod, spec: toPodSpec(deployment, pod, view.creationOrder(deployment.name, pod.name)) };
      byKey.set(podKey(handle.spec), handle);
      if (pod.phase === 'Pending') pending.push(handle);
    }
  }
  const nodes = [...view.nodes.values()].flatMap(({ state }) => (state.status === 'Active' ? [state] : []));
  nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const state = new ClusterState(nodes.map(toNodeSpec));
  for (const node of nodes) {
    for (const allocation of Object.values(node.pods)) {
      const handle = byKey.get(podKey({ namespace: 'keel', name: allocation.pod }));
      const known = handle?.deployment.name === allocation.deployment ? handle.spec : undefined;
      const gpus = allocation.devices.filter((c) => c.mig === undefined).map((c) => c.index);
      state.bind(toPlacedSpec(allocation, known), node.name, gpus);
    }
  }
  return { state, byKey, pending };
}
