import { type ActiveDeployment, type Pod } from '@keel/deployment-domain';
import { type ActiveNode } from '@keel/node-domain';
import { ClusterState, type PodSpec, podKey } from '@keel/scheduler-framework';
import { type ClusterView } from './cluster-view';
import { frameworkPodName, NAMESPACE, toNodeSpec, toPlacedSpec, toPodSpec } from './to-framework';

/** A pod of a deployment, with the framework spec the scheduler decides on. */
export interface PodHandle {
  readonly deployment: ActiveDeployment;
  readonly pod: Pod;
  readonly spec: PodSpec;
}

/** The framework's cluster state built from the view, and the way back from framework keys to pods. */
export interface ClusterPicture {
  readonly state: ClusterState;
  /** Framework pod key (`keel/<pod>`, or `keel/<deployment>/<pod>` for a name two deployments use) → the deployment pod. */
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
  const nodes = [...view.nodes.values()].flatMap(({ state }) => (state.status === 'Active' ? [state] : []));
  const ambiguous = ambiguousPodNames(view, nodes);
  for (const { state: deployment } of view.deployments.values()) {
    if (deployment.status !== 'Active') continue;
    for (const pod of Object.values(deployment.pods)) {
      const name = frameworkPodName(deployment.name, pod.name, ambiguous);
      const handle = { deployment, pod, spec: toPodSpec(deployment, pod, view.creationOrder(deployment.name, pod.name), name) };
      byKey.set(podKey(handle.spec), handle);
      if (pod.phase === 'Pending') pending.push(handle);
    }
  }
  nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const state = new ClusterState(nodes.map(toNodeSpec));
  for (const node of nodes) {
    for (const allocation of Object.values(node.pods)) {
      const name = frameworkPodName(allocation.deployment, allocation.pod, ambiguous);
      const handle = byKey.get(podKey({ namespace: NAMESPACE, name }));
      const known = handle?.deployment.name === allocation.deployment ? handle.spec : undefined;
      const gpus = allocation.devices.filter((c) => c.mig === undefined).map((c) => c.index);
      state.bind(toPlacedSpec(allocation, known, name), node.name, gpus);
    }
  }
  return { state, byKey, pending };
}

/** Pod names used by more than one deployment, among the deployments' pods and what nodes hold. */
function ambiguousPodNames(view: ClusterView, nodes: readonly ActiveNode[]): Set<string> {
  const owners = new Map<string, Set<string>>();
  const note = (deployment: string, pod: string): void => {
    const set = owners.get(pod) ?? new Set<string>();
    owners.set(pod, set.add(deployment));
  };
  for (const { state } of view.deployments.values()) if (state.status === 'Active') for (const pod of Object.values(state.pods)) note(state.name, pod.name);
  for (const node of nodes) for (const allocation of Object.values(node.pods)) note(allocation.deployment, allocation.pod);
  return new Set([...owners].filter(([, deployments]) => deployments.size > 1).map(([pod]) => pod));
}
