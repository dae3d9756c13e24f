import { type PluginConfig, type ProfileConfig } from '@keel/scheduler-framework';
import { DEFAULT_FILTERS, type TypicalPod } from '@keel/scheduler-plugins';

/** Placement policies of the FGD paper's comparison (plus kube's two NodeResourcesFit strategies). */
export const OPENB_POLICIES = ['fgd', 'bestfit', 'packing', 'dotprod', 'random', 'leastallocated', 'mostallocated'] as const;

/** One of {@link OPENB_POLICIES}. */
export type OpenbPolicy = (typeof OPENB_POLICIES)[number];

function scorePlugin(policy: OpenbPolicy, seed: number, typicalPods: readonly TypicalPod[]): PluginConfig {
  switch (policy) {
    case 'fgd':
      return { name: 'FGD', args: { typicalPods } };
    case 'bestfit':
      return { name: 'BestFit' };
    case 'packing':
      return { name: 'GpuPacking' };
    case 'dotprod':
      return { name: 'DotProduct' };
    case 'random':
      return { name: 'RandomScore', args: { seed } };
    case 'leastallocated':
      return { name: 'LeastAllocated' };
    case 'mostallocated':
      return { name: 'MostAllocated' };
  }
}

/**
 * The live scheduler's filters (weight 0: filter only) plus the policy's score as the only score, every
 * node scored (percentageOfNodesToScore 100) and ties going to the first node in list order, as in the
 * paper's simulator (random tie-breaks cost Packing ~3 and FGD ~5 points there), no preemption.
 */
export function openbProfileConfig(policy: OpenbPolicy, seed: number, typicalPods: readonly TypicalPod[]): ProfileConfig {
  return {
    name: `openb-${policy}`,
    plugins: [...DEFAULT_FILTERS.map((name) => ({ name, weight: 0 })), scorePlugin(policy, seed, typicalPods)],
    percentageOfNodesToScore: 100,
    tieBreak: 'first',
    preemption: false,
    topCandidates: 1,
  };
}
