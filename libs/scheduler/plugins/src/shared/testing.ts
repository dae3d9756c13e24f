import {
  type ClusterState,
  CycleState,
  isFilter,
  isPreFilter,
  isScore,
  type NodeSpec,
  type PlacedPod,
  type Plugin,
  type PodSpec,
  type Status,
  success,
} from '@keel/scheduler-framework';

/** Test helper: a node spec with sensible defaults (8 CPUs, 32 GiB, no GPUs). */
export function node(name: string, spec: Partial<NodeSpec> = {}): NodeSpec {
  return { name, cpuMilli: 8000, memoryMiB: 32768, ...spec, labels: { 'kubernetes.io/hostname': name, ...spec.labels } };
}

/** Test helper: `count` identical GPUs. */
export function gpus(count: number, model = 'A100', memoryMiB = 81920): NodeSpec['gpus'] {
  return Array.from({ length: count }, () => ({ model, memoryMiB }));
}

/** Test helper: a pod spec with defaults (namespace `default`, no requests). */
export function pod(name: string, spec: Partial<PodSpec> = {}): PodSpec {
  return { name, namespace: 'default', labels: {}, priority: 0, cpuMilli: 0, memoryMiB: 0, ...spec };
}

/** Test helper: a placed pod. */
export function placed(name: string, nodeName: string, spec: Partial<PodSpec> = {}, gpuIndices: number[] = []): PlacedPod {
  return { ...pod(name, spec), nodeName, gpus: gpuIndices };
}

/** Test helper: run the plugin's PreFilter (Skip = pass) and Filter for one node. */
export function filterOn(plugin: Plugin, p: PodSpec, cluster: ClusterState, nodeName: string): Status {
  const state = new CycleState();
  const target = cluster.node(nodeName);
  if (target === undefined) throw new Error(`no node ${nodeName}`);
  if (isPreFilter(plugin)) {
    const pre = plugin.preFilter(state, p, cluster);
    if (pre.code === 'Skip') return success();
    if (pre.code !== 'Success') return pre;
  }
  return isFilter(plugin) ? plugin.filter(state, p, target, cluster) : success();
}

/** Test helper: PreScore + Score + NormalizeScore over the named nodes; Skip gives 0 everywhere. */
export function scoresOn(plugin: Plugin, p: PodSpec, cluster: ClusterState, names: readonly string[]): Record<string, number> {
  if (!isScore(plugin)) throw new Error('not a score plugin');
  const state = new CycleState();
  const pre = plugin.preScore?.(state, p, cluster);
  const scores = new Float64Array(names.length);
  if (pre === undefined || pre.code === 'Success') {
    names.forEach((n, i) => {
      const target = cluster.node(n);
      if (target !== undefined) scores[i] = plugin.score(state, p, target, cluster);
    });
    plugin.normalizeScore?.(state, p, scores, names.length);
  }
  return Object.fromEntries(names.map((n, i) => [n, Math.round((scores[i] ?? 0) * 100) / 100]));
}
