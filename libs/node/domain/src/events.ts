import { type Event } from '@keel/kernel';
import { type EvictedPod, type GpuDevice, type PodAllocation, type Taint } from './types';

/** Data of `NodeRegistered`: the node with defaults filled in and device indexes assigned. */
export interface NodeRegisteredData {
  readonly name: string;
  readonly zone: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly devices: readonly GpuDevice[];
}

type Named = { readonly name: string };

/** A node joined the inventory. */
export type NodeRegistered = Event<'NodeRegistered', NodeRegisteredData>;
/** The node's labels were replaced. */
export type NodeLabelsUpdated = Event<'NodeLabelsUpdated', Named & { readonly labels: Readonly<Record<string, string>> }>;
/** The node's taints were replaced. */
export type NodeTaintsUpdated = Event<'NodeTaintsUpdated', Named & { readonly taints: readonly Taint[] }>;
/** The node no longer takes new pods; bound pods stay. */
export type NodeCordoned = Event<'NodeCordoned', Named>;
/** The node takes new pods again. */
export type NodeUncordoned = Event<'NodeUncordoned', Named>;
/** The node is unschedulable and every listed pod was evicted; owners put them back to Pending. */
export type NodeDrained = Event<'NodeDrained', Named & { readonly reason?: string; readonly evicted: readonly EvictedPod[] }>;
/** The node is lost; every listed pod was evicted with it. */
export type NodeFailed = Event<'NodeFailed', Named & { readonly reason: string; readonly evicted: readonly EvictedPod[] }>;
/** A failed node is healthy again. */
export type NodeRecovered = Event<'NodeRecovered', Named>;
/** The node left the inventory. */
export type NodeDeregistered = Event<'NodeDeregistered', Named>;
/** A pod now holds devices, CPU and memory on the node. */
export type PodAssigned = Event<'PodAssigned', PodAllocation & { readonly node: string }>;
/** A pod gave back what it held on the node. */
export type PodReleased = Event<'PodReleased', EvictedPod & { readonly node: string }>;

/** Every event on a node stream. */
export type NodeEvent =
  | NodeRegistered
  | NodeLabelsUpdated
  | NodeTaintsUpdated
  | NodeCordoned
  | NodeUncordoned
  | NodeDrained
  | NodeFailed
  | NodeRecovered
  | NodeDeregistered
  | PodAssigned
  | PodReleased;
