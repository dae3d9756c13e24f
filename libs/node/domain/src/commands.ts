import { type Command } from '@keel/kernel';
import { type DeviceClaim, type GpuDeviceSpec, type Taint } from './types';

/** Data of `RegisterNode`. A node may mix GPU models; each device may carry a MIG layout. */
export interface RegisterNodeData {
  readonly name: string;
  readonly zone: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly devices: readonly GpuDeviceSpec[];
}

/** Data of commands that only name the node. */
export interface NodeRef {
  readonly name: string;
}

/** Data of `AssignPod`: bind a pod to GPU devices, CPU and memory on this node. */
export interface AssignPodData {
  readonly node: string;
  readonly pod: string;
  readonly deployment: string;
  readonly devices: readonly DeviceClaim[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  /**
   * The GPU model the deployment's `BindPod` records (`A100-80GB`, or `A100-80GB:1g.10gb` for a MIG instance);
   * when given, every claimed device must be of it, so the two streams cannot disagree.
   */
  readonly gpuModel?: string;
}

/** Add a node to the inventory. */
export type RegisterNode = Command<'RegisterNode', RegisterNodeData>;
/** Replace the node's labels. */
export type UpdateNodeLabels = Command<'UpdateNodeLabels', NodeRef & { readonly labels: Readonly<Record<string, string>> }>;
/** Replace the node's taints. */
export type UpdateNodeTaints = Command<'UpdateNodeTaints', NodeRef & { readonly taints: readonly Taint[] }>;
/** Stop new pods landing on the node. */
export type CordonNode = Command<'CordonNode', NodeRef>;
/** Let new pods land on the node again. */
export type UncordonNode = Command<'UncordonNode', NodeRef>;
/** Cordon the node and evict its pods. */
export type DrainNode = Command<'DrainNode', NodeRef & { readonly reason?: string }>;
/** Record that the node is lost; its pods are evicted. */
export type MarkNodeFailed = Command<'MarkNodeFailed', NodeRef & { readonly reason: string }>;
/** Record that a failed node is healthy again. */
export type RecoverNode = Command<'RecoverNode', NodeRef>;
/** `force` drains (evicting every bound pod) before deregistering. */
export type DeregisterNode = Command<'DeregisterNode', NodeRef & { readonly force?: boolean }>;
/** Bind a pod to devices, CPU and memory on the node (the capacity invariant lives here). */
export type AssignPod = Command<'AssignPod', AssignPodData>;
/** Free what a pod holds on the node. */
/** Free what pod `pod` of `deployment` holds on `node`. */
export type ReleasePod = Command<'ReleasePod', { readonly node: string; readonly deployment: string; readonly pod: string }>;

/** Every command the node decider accepts. */
export type NodeCommand =
  | RegisterNode
  | UpdateNodeLabels
  | UpdateNodeTaints
  | CordonNode
  | UncordonNode
  | DrainNode
  | MarkNodeFailed
  | RecoverNode
  | DeregisterNode
  | AssignPod
  | ReleasePod;

/** The name of the node (and so the stream) a command addresses. */
export function nodeOf(command: NodeCommand): string {
  return command.type === 'AssignPod' || command.type === 'ReleasePod' ? command.data.node : command.data.name;
}
