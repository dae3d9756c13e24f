import { type ProfileConfig, Registry } from '@keel/scheduler-framework';
import { bestFitFactory } from './best-fit/plugin';
import { dotProductFactory } from './dot-product/plugin';
import { fgdFactory } from './fgd/plugin';
import { gpuFitFactory } from './gpu-fit/plugin';
import { gpuPackingFactory } from './gpu-packing/plugin';
import { interPodAffinityFactory } from './inter-pod-affinity/plugin';
import { leastAllocatedFactory } from './least-allocated/plugin';
import { mostAllocatedFactory } from './most-allocated/plugin';
import { nodeAffinityFactory } from './node-affinity/plugin';
import { nodeUnschedulableFactory } from './node-unschedulable/plugin';
import { podTopologySpreadFactory } from './pod-topology-spread/plugin';
import { randomScoreFactory } from './random-score/plugin';
import { taintTolerationFactory } from './taint-toleration/plugin';

/** A registry holding every built-in plugin. */
export function defaultRegistry(): Registry {
  return new Registry()
    .register(nodeUnschedulableFactory)
    .register(taintTolerationFactory)
    .register(nodeAffinityFactory)
    .register(gpuFitFactory)
    .register(podTopologySpreadFactory)
    .register(interPodAffinityFactory)
    .register(leastAllocatedFactory)
    .register(mostAllocatedFactory)
    .register(bestFitFactory)
    .register(dotProductFactory)
    .register(randomScoreFactory)
    .register(gpuPackingFactory)
    .register(fgdFactory);
}

/** Filters in kube-scheduler's order (the first failing one names the reason). */
export const DEFAULT_FILTERS = ['NodeUnschedulable', 'TaintToleration', 'NodeAffinity', 'GpuFit', 'PodTopologySpread', 'InterPodAffinity'] as const;

/**
 * The default profile: kube-scheduler's filters and score weights (TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2) with FGD in NodeResourcesFit's place (weight 1).
 */
export function defaultProfileConfig(fgdArgs?: unknown): ProfileConfig {
  return {
    name: 'keel-default',
    plugins: [
      { name: 'NodeUnschedulable' },
      { name: 'TaintToleration', weight: 3 },
      { name: 'NodeAffinity', weight: 2 },
      { name: 'GpuFit' },
      { name: 'PodTopologySpread', weight: 2 },
      { name: 'InterPodAffinity', weight: 2 },
      { name: 'FGD', weight: 1, args: fgdArgs },
    ],
  };
}
