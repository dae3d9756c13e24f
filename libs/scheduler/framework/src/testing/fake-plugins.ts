import { type NodeView } from '../cluster/node-state';
import { type PodSpec } from '../model/pod';
import { type FilterPlugin, type ScorePlugin } from '../plugin';
import { type Profile } from '../profile';
import { type Status, success, unresolvable, unschedulable } from '../status';

const FULL = unschedulable('Insufficient nvidia.com/gpu');
const LABEL = unresolvable("node(s) didn't match Pod's node affinity/selector");

/** Test double: GPUs fit when the node has `count` untouched devices; `role=blocked` nodes never fit. */
export const fakeFit: FilterPlugin = {
  name: 'FakeFit',
  filter(_s, pod: PodSpec, node: NodeView): Status {
    if (node.labels['role'] === 'blocked') return LABEL;
    return node.idleGpus >= (pod.gpu?.count ?? 0) ? success() : FULL;
  },
};

/** Test double: scores by the node's `score` label. */
export const labelScore: ScorePlugin = {
  name: 'LabelScore',
  score: (_s, _p, node) => Number(node.labels['score'] ?? 0),
};

/** A profile over the fakes. */
export function fakeProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'test',
    preFilters: [],
    filters: [fakeFit],
    scores: [{ plugin: labelScore, weight: 2 }],
    deviceSelector: {
      name: 'FirstIdle',
      selectDevices: (_s, pod, node) => node.gpuUsedMilli.map((u, i) => (u === 0 ? i : -1)).filter((i) => i >= 0).slice(0, pod.gpu?.count ?? 0),
    },
    percentageOfNodesToScore: 100,
    preemption: true,
    tieBreak: 'first',
    topCandidates: 3,
    ...overrides,
  };
}
