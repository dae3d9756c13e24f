import { type Affinity, type Toleration, type TopologySpreadConstraint } from '@keel/kernel';

/** Kubernetes core/v1 scheduling types live in the kernel, shared with the scheduler framework. */
export type {
  Affinity,
  LabelSelector,
  LabelSelectorRequirement,
  NodeAffinity,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinity,
  PodAffinityTerm,
  TaintEffect,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from '@keel/kernel';

/** The pod-spec scheduling fields a deployment's pods carry. */
export interface SchedulingConstraints {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
}
