import { type ClusterSnapshot } from './cluster/cluster-snapshot';
import { type NodeView } from './cluster/node-state';
import { type CycleState } from './cycle/cycle-state';
import { type PodSpec } from './model/pod';
import { type Status } from './status';

/** Every plugin has a unique name (used in configuration and in score breakdowns). */
export interface Plugin {
  readonly name: string;
}

/** Runs once per pod before filtering: precompute into the cycle state, or reject the pod outright. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status;
}

/** Decides whether a pod may run on a node. Must not allocate on success in hot paths. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodSpec, node: NodeView, snapshot: ClusterSnapshot): Status;
}

/**
 * Ranks feasible nodes (a PreScore answering Skip leaves the plugin out of this cycle), 0–100 (higher is better) unless `normalizeScore` rescales raw values into
 * 0–100 afterwards. Only called on nodes every filter accepted.
 */
export interface ScorePlugin extends Plugin {
  preScore?(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status;
  score(state: CycleState, pod: PodSpec, node: NodeView, snapshot: ClusterSnapshot): number;
  normalizeScore?(state: CycleState, pod: PodSpec, scores: Float64Array, count: number): void;
}

/** Chooses which GPU devices of the chosen node the pod gets (device indices). */
export interface DeviceSelector extends Plugin {
  selectDevices(state: CycleState, pod: PodSpec, node: NodeView, snapshot: ClusterSnapshot): readonly number[];
}

/** Type guards used when building a profile from registered plugins. */
export function isPreFilter(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
}

/** True when the plugin filters nodes. */
export function isFilter(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}

/** True when the plugin scores nodes. */
export function isScore(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}

/** True when the plugin chooses devices. */
export function isDeviceSelector(p: Plugin): p is DeviceSelector {
  return typeof (p as Partial<DeviceSelector>).selectDevices === 'function';
}
