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

export type NodeRegistered = Event<'NodeRegistered', NodeRegisteredData>;
export type NodeLabelsUpdated = Event<'NodeLabelsUpdated', Named & { readonly labels: Readonly<Record<string, string>> }>;
export type NodeTaintsUpdated = Event<'NodeTaintsUpdated', Named & { readonly taints: readonly Taint[] }>;
export type NodeCordoned = Event<'NodeCordoned', Named>;
export type NodeUncordoned = Event<'NodeUncordoned', Named>;
/** The node is unschedulable and every listed pod was evicted; owners put them back to Pending. */
export type NodeDrained = Event<'NodeDrained', Named & { readonly reason?: string; readonly evicted: readonly EvictedPod[] }>;
/** The node is lost; every listed pod was evicted with it. */
export type NodeFailed = Event<'NodeFailed', Named & { readonly reason: string; readonly evicted: readonly EvictedPod[] }>;
export type NodeRecovered = Event<'NodeRecovered', Named>;
export type NodeDeregistered = Event<'NodeDeregistered', Named>;
export type PodAssigned = Event<'PodAssigned', PodAllocation & { readonly node: string }>;
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
