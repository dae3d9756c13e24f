import { ClusterState, CycleState, type GpuRequest, type PodSpec } from '@keel/scheduler-framework';
import { filterOn, gpus, node, placed, pod } from '../shared/testing';
import { GpuFitPlugin } from './plugin';

function cluster(): ClusterState {
  return new ClusterState(
    [
      node('a100', { cpuMilli: 16000, memoryMiB: 65536, gpus: gpus(4, 'A100', 81920) }),
      node('t4', { gpus: gpus(2, 'T4', 15360) }),
      node('mig', { gpus: [{ model: 'A100', memoryMiB: 81920, mig: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'] }] }),
      node('cpu-only', { cpuMilli: 64000 }),
      node('busy', { gpus: [{ model: 'L40S', memoryMiB: 49152, usedMilli: 200, usedMemoryMiB: 40000 }] }),
    ],
    [
      placed('half', 'a100', { gpu: { count: 1, milli: 500, memoryMiB: 30000 } }, [0]),
      placed('whole', 'a100', { gpu: { count: 1 } }, [1]),
      placed('slice', 'mig', { gpu: { count: 1, migProfile: '1g.10gb' } }, [0]),
    ],
  );
}

const gpuPod = (gpu: GpuRequest, extra: Partial<PodSpec> = {}): PodSpec => pod('p', { gpu, ...extra });

describe('GpuFit filter', () => {
  const plugin = new GpuFitPlugin();

  it.each<[string, PodSpec, string, string, string]>([
    ['two free whole GPUs fit a two-GPU pod', gpuPod({ count: 2 }), 'a100', 'Success', ''],
    ['three whole GPUs do not fit when only two are untouched', gpuPod({ count: 3 }), 'a100', 'Unschedulable', 'Insufficient nvidia.com/gpu'],
    ['more GPUs than the node has is unresolvable', gpuPod({ count: 8 }), 'a100', 'UnschedulableAndUnresolvable', 'Insufficient nvidia.com/gpu'],
    ['an unacceptable model is unresolvable', gpuPod({ count: 1, models: ['H100'] }), 'a100', 'UnschedulableAndUnresolvable', "node(s) didn't have the requested GPU model"],
    ['any listed model is acceptable', gpuPod({ count: 1, models: ['H100', 'T4'] }), 't4', 'Success', ''],
    ['devices too small for the memory per device are unresolvable', gpuPod({ count: 1, memoryMiB: 20000 }), 't4', 'UnschedulableAndUnresolvable', 'Insufficient GPU memory'],
    ['a fraction fits beside another fraction when milli and memory allow', gpuPod({ count: 1, milli: 500, memoryMiB: 40000 }), 'a100', 'Success', ''],
    ['a fraction never pushes a device past 1000 milli', gpuPod({ count: 1, milli: 900 }), 'busy', 'Unschedulable', 'Insufficient nvidia.com/gpu'],
    ["a fraction needing a whole device's memory still fits an untouched device", gpuPod({ count: 1, milli: 100, memoryMiB: 81920 }), 'a100', 'Success', ''],
    ['a fraction with compute room but not enough free device memory reports GPU memory', gpuPod({ count: 1, milli: 100, memoryMiB: 10000 }), 'busy', 'Unschedulable', 'Insufficient GPU memory'],
    ['a free MIG slice of the profile fits', gpuPod({ count: 1, migProfile: '1g.10gb' }), 'mig', 'Success', ''],
    ['two slices do not fit when one of two is taken', gpuPod({ count: 2, migProfile: '1g.10gb' }), 'mig', 'Unschedulable', 'Insufficient nvidia.com/mig-1g.10gb'],
    ['a profile the layout lacks is unresolvable', gpuPod({ count: 1, migProfile: '7g.80gb' }), 'mig', 'UnschedulableAndUnresolvable', 'Insufficient nvidia.com/mig-7g.80gb'],
    ['a MIG-partitioned device cannot serve a whole-GPU request', gpuPod({ count: 1 }), 'mig', 'UnschedulableAndUnresolvable', "node(s) didn't have the requested GPU model"],
    ['a node without GPUs reports insufficient nvidia.com/gpu', gpuPod({ count: 1 }), 'cpu-only', 'UnschedulableAndUnresolvable', 'Insufficient nvidia.com/gpu'],
    ['CPU and memory shortfalls are both reported, as kube does', pod('p', { cpuMilli: 16000, memoryMiB: 65536 }), 't4', 'UnschedulableAndUnresolvable', 'Insufficient cpu,Insufficient memory'],
    ['a CPU-only pod fits a GPU node with room', pod('p', { cpuMilli: 1000 }), 'a100', 'Success', ''],
  ])('%s', (_name, p, nodeName, code, reasons) => {
    const status = filterOn(plugin, p, cluster(), nodeName);
    expect(status.code).toBe(code);
    expect(status.reasons.join(',')).toBe(reasons);
  });
});

describe('GpuFit device choice', () => {
  const plugin = new GpuFitPlugin();

  it.each<[string, GpuRequest, string, number[]]>([
    ['whole GPUs are taken lowest index first among untouched devices', { count: 2 }, 'a100', [2, 3]],
    ['a fraction goes to the fitting device with the least free share (best fit)', { count: 1, milli: 300 }, 'a100', [0]],
    ['a fraction that does not fit beside others opens a free device', { count: 1, milli: 600 }, 'a100', [2]],
    ['MIG slices are reported by their device index', { count: 1, migProfile: '1g.10gb' }, 'mig', [0]],
  ])('%s', (_name, gpu, nodeName, expected) => {
    const c = cluster();
    const target = c.node(nodeName);
    if (target === undefined) throw new Error('missing node');
    expect(plugin.selectDevices(new CycleState(), pod('p', { gpu }), target)).toEqual(expected);
  });
});
