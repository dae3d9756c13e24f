import { boundPodKey } from '@keel/node-domain';
import { type ClusterView } from './cluster-view';
import { evictCommand, type PlannedCommand, releaseCommand } from './commands';

/** A disagreement between a node stream and a deployment stream about where a pod runs. */
export type Drift =
  | { readonly kind: 'evict'; readonly deployment: string; readonly pod: string; readonly node: string }
  | { readonly kind: 'release'; readonly deployment: string; readonly pod: string; readonly node: string };

/**
 * Where the streams disagree: a pod its deployment says is bound to a node that no longer holds it
 * (drained, failed, deregistered) must go back to Pending; a node still holding a pod its deployment
 * removed, evicted or placed elsewhere must release it. Drain and failure record the evictions on the
 * node stream only, so this is the process manager that carries them to the deployments.
 */
export function findDrift(view: ClusterView): Drift[] {
  const drift: Drift[] = [];
  for (const { state: deployment } of view.deployments.values()) {
    if (deployment.status !== 'Active') continue;
    for (const pod of Object.values(deployment.pods)) {
      const node = pod.placement?.node;
      if (node === undefined) continue;
      const candidate: Drift = { kind: 'evict', deployment: deployment.name, pod: pod.name, node };
      if (isDrift(view, candidate)) drift.push(candidate);
    }
  }
  for (const { state: node } of view.nodes.values()) {
    if (node.status !== 'Active') continue;
    for (const allocation of Object.values(node.pods)) {
      const candidate: Drift = { kind: 'release', deployment: allocation.deployment, pod: allocation.pod, node: node.name };
      if (isDrift(view, candidate)) drift.push(candidate);
    }
  }
  return drift;
}

/** The streams to re-read before trusting a drift: the side that moved first, then the other. */
export function driftStreams(drift: Drift): string[] {
  const deployment = `deployment-${drift.deployment}`;
  const node = `node-${drift.node}`;
  return drift.kind === 'evict' ? [deployment, node] : [node, deployment];
}

/** Whether the two streams (as the view has them) disagree as `drift` says. */
export function isDrift(view: ClusterView, drift: Drift): boolean {
  const node = view.nodes.get(drift.node)?.state;
  const deployment = view.deployments.get(drift.deployment)?.state;
  const pod = deployment?.status === 'Active' ? deployment.pods[drift.pod] : undefined;
  const nodeHolds = node?.status === 'Active' && node.pods[boundPodKey(drift.deployment, drift.pod)] !== undefined;
  const podOnNode = pod?.placement?.node === drift.node;
  return drift.kind === 'evict' ? podOnNode && !nodeHolds : nodeHolds && !podOnNode;
}

/** The command that repairs a drift; the eviction reason says what happened to the node. */
export function repairCommand(view: ClusterView, drift: Drift): PlannedCommand {
  if (drift.kind === 'release') return releaseCommand(drift.node, drift.deployment, drift.pod);
  const node = view.nodes.get(drift.node)?.state;
  const reason =
    node?.status !== 'Active' ? `node ${drift.node} left the cluster` : node.condition === 'Failed' ? `node ${drift.node} failed` : node.unschedulable ? `node ${drift.node} drained` : `released by node ${drift.node}`;
  return evictCommand(drift.deployment, drift.pod, drift.node, reason);
}
