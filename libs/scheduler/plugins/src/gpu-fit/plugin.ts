import {
  type CycleState,
  type DeviceSelector,
  type FilterPlugin,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type Status,
  success,
} from '@keel/scheduler-framework';
import { type GpuFitArgs, parseGpuFitArgs } from './args';
import { fitStatus } from './fit-statuses';
import { gpuVerdict } from './gpu-verdict';
import { selectDevicesBestFit } from './select-devices';

const OK = success();

/** Name under which GpuFit is registered. */
export const GPU_FIT = 'GpuFit';

/** CPU, memory and GPU (count, model, memory, fractions, MIG) fit; picks devices best-fit by default. */
export class GpuFitPlugin implements FilterPlugin, DeviceSelector {
  readonly name = GPU_FIT;

  filter(_state: CycleState, pod: PodSpec, node: NodeView): Status {
    const cpu = node.usedCpuMilli + pod.cpuMilli > node.cpuMilli;
    const memory = node.usedMemoryMiB + pod.memoryMiB > node.memoryMiB;
    const gpu = pod.gpu === undefined ? undefined : gpuVerdict(pod.gpu, node);
    if (!cpu && !memory && gpu === undefined) return OK;
    const neverFits = (gpu?.unresolvable ?? false) || pod.cpuMilli > node.cpuMilli || pod.memoryMiB > node.memoryMiB;
    return fitStatus(cpu, memory, gpu, neverFits);
  }

  selectDevices(_state: CycleState, pod: PodSpec, node: NodeView): readonly number[] {
    return selectDevicesBestFit(pod.gpu, node);
  }
}

/** Factory for the registry. */
export const gpuFitFactory: PluginFactory<GpuFitArgs> = {
  name: GPU_FIT,
  parseArgs: parseGpuFitArgs,
  create: () => new GpuFitPlugin(),
};
