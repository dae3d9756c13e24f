import { randomInt, type Rng } from '@keel/scheduler-framework';
import { openbGpuMilli } from './workload';
import { type OpenbPod } from './trace';

/**
 * The paper's arrival sequence: the trace shuffled (Fisher–Yates, seeded), then pods resampled
 * uniformly from it until arrived GPU requests reach `targetPct`% of the cluster's GPU capacity.
 */
export function buildArrivals(pods: readonly OpenbPod[], rng: Rng, capacityMilli: number, targetPct: number): OpenbPod[] {
  const order = [...pods];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = order[i] as OpenbPod;
    order[i] = order[j] as OpenbPod;
    order[j] = tmp;
  }
  let arrived = order.reduce((s, p) => s + openbGpuMilli(p), 0);
  const target = (capacityMilli * targetPct) / 100;
  while (arrived < target && pods.length > 0) {
    const pod = pods[randomInt(rng, pods.length)] as OpenbPod;
    order.push(pod);
    arrived += openbGpuMilli(pod);
  }
  return order;
}
