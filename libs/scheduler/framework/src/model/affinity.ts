/** Kubernetes core/v1 affinity and spread types live in the kernel, shared with the domains. */
export type {
  Affinity,
  NodeAffinity,
  NodeSelectorOperator,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinity,
  PodAffinityTerm,
  PreferredSchedulingTerm,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from '@keel/kernel';
