import {
  type CycleState,
  type DeviceSelector,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type ScorePlugin,
  type Status,
  stateKey,
  success,
} from '@keel/scheduler-framework';
import { selectDevicesBestFit } from '../gpu-fit/select-devices';
import { DEFAULT_TYPICAL_PODS, type FgdArgs, parseFgdArgs } from './args';
import { currentFragmentation, evaluateFgd, type FgdEvaluation } from './evaluate';
import { compileShapes, type ShapeGroup } from './shape-groups';

/** Name under which FGD is registered. */
export const FGD = 'FGD';

const shapeKeyState = stateKey<string>('FGD/shape');

interface NodeMemo {
  node: NodeView;
  generation: number;
  before: number;
  lastKey: string;
  lastResult: FgdEvaluation | undefined;
  readonly byShape: Map<string, FgdEvaluation>;
}

/**
 * Fragmentation gradient descent: place the pod where expected GPU fragmentation over the workload's
 * typical shapes grows least. Results are memoised per node generation and pod shape, so a node is
 * only re-evaluated after it changed — the score is still a pure function of (node, pod).
 */
export class FgdPlugin implements ScorePlugin, DeviceSelector {
  readonly name = FGD;
  private readonly groups: readonly ShapeGroup[];
  private readonly memo: (NodeMemo | undefined)[] = [];
  private free = new Float64Array(16);
  private lastPod: PodSpec | undefined;
  private lastPodKey = '';

  constructor(args: FgdArgs) {
    this.groups = compileShapes(args.typicalPods ?? DEFAULT_TYPICAL_PODS);
  }

  preScore(state: CycleState, pod: PodSpec): Status {
    state.write(shapeKeyState, shapeKey(pod));
    return success();
  }

  score(state: CycleState, pod: PodSpec, node: NodeView): number {
    if (pod !== this.lastPod) {
      this.lastPod = pod;
      this.lastPodKey = state.read(shapeKeyState) ?? shapeKey(pod);
    }
    return this.evaluate(this.lastPodKey, pod, node).score;
  }

  selectDevices(state: CycleState, pod: PodSpec, node: NodeView): readonly number[] {
    const gpu = pod.gpu;
    if (gpu === undefined || gpu.migProfile !== undefined || (gpu.milli ?? 1000) >= 1000 || gpu.count !== 1) {
      return selectDevicesBestFit(gpu, node);
    }
    const device = this.evaluate(state.read(shapeKeyState) ?? shapeKey(pod), pod, node).device;
    return device < 0 ? selectDevicesBestFit(gpu, node) : [device];
  }

  private evaluate(key: string, pod: PodSpec, node: NodeView): FgdEvaluation {
    if (this.free.length < node.gpuModel.length) this.free = new Float64Array(node.gpuModel.length);
    let memo = this.memo[node.index];
    if (memo === undefined) {
      memo = { node, generation: -1, before: 0, lastKey: '', lastResult: undefined, byShape: new Map() };
      this.memo[node.index] = memo;
    }
    if (memo.node !== node || memo.generation !== node.generation) {
      memo.node = node;
      memo.generation = node.generation;
      memo.before = currentFragmentation(this.groups, node, this.free);
      memo.byShape.clear();
      memo.lastResult = undefined;
    }
    if (memo.lastResult !== undefined && memo.lastKey === key) return memo.lastResult;
    let result = memo.byShape.get(key);
    if (result === undefined) {
      result = evaluateFgd(this.groups, pod, node, memo.before, this.free);
      memo.byShape.set(key, result);
    }
    memo.lastKey = key;
    memo.lastResult = result;
    return result;
  }
}

function shapeKey(pod: PodSpec): string {
  const g = pod.gpu;
  return g === undefined ? `${pod.cpuMilli}` : `${pod.cpuMilli}|${g.count}|${g.milli ?? 1000}|${g.memoryMiB ?? ''}|${g.migProfile ?? ''}|${(g.models ?? []).join(',')}`;
}

/** Factory for the registry. */
export const fgdFactory: PluginFactory<FgdArgs> = {
  name: FGD,
  parseArgs: parseFgdArgs,
  create: (args) => new FgdPlugin(args),
};
