import { type GpuDevice, type PodAllocation, type Taint } from './types';

/** No node has been registered on this stream. */
export interface AbsentNode {
  readonly status: 'Absent';
}

/** A registered node. `unschedulable` is the cordon flag; `condition` is its health. */
export interface ActiveNode {
  readonly status: 'Active';
  readonly name: string;
  readonly zone: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly devices: readonly GpuDevice[];
  readonly unschedulable: boolean;
  readonly condition: 'Ready' | 'Failed';
  /**
   * Bound pods by {@link boundPodKey} (`deployment/pod`): a pod name is unique only within its deployment
   * (`a-1` replica 1 and `a` replica 1 stage 1 are both `a-1-1`).
   */
  readonly pods: Readonly<Record<string, PodAllocation>>;
}

/** A node that left the cluster; it may be registered again. */
export interface DeregisteredNode {
  readonly status: 'Deregistered';
  readonly name: string;
}

/** State of one node stream; plain JSON so it can be snapshotted. */
export type NodeState = AbsentNode | ActiveNode | DeregisteredNode;

/** The key of a bound pod in {@link ActiveNode.pods}. */
export const boundPodKey = (deployment: string, pod: string): string => `${deployment}/${pod}`;

/** Order of bound pods in listings: by pod name, then deployment (names repeat across deployments). */
export function compareBoundPods(a: { readonly pod: string; readonly deployment: string }, b: { readonly pod: string; readonly deployment: string }): number {
  if (a.pod !== b.pod) return a.pod < b.pod ? -1 : 1;
  return a.deployment < b.deployment ? -1 : a.deployment > b.deployment ? 1 : 0;
}

/** The state of a stream with no events. */
export const initialNodeState = (): NodeState => ({ status: 'Absent' });

/** Whether new pods may be assigned to the node. */
export function isSchedulable(node: ActiveNode): boolean {
  return !node.unschedulable && node.condition === 'Ready';
}
