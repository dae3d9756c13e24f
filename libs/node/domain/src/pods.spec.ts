import { deciderSpec } from '@keel/kernel';
import { type AssignPodData } from './commands';
import { decider } from './decider';
import { deviceUsage } from './capacity';
import { type ActiveNode } from './state';
import { assigned, gpuNode01, registered } from './test-fixtures';

const spec = deciderSpec(decider);
const node = 'gpu-node-01';
const shared = (pod: string, index: number, milli: number, memoryMiB: number): AssignPodData => ({
  node,
  pod,
  deployment: 'phi',
  devices: [{ index, milli, memoryMiB }],
  cpuMilli: 1000,
  memoryMiB: 4096,
});
const assignShared = (data: AssignPodData) => ({ type: 'PodAssigned' as const, data });

describe('AssignPod', () => {
  it('binds a pod to whole devices', () => {
    const state = spec.given([registered()]).when({ type: 'AssignPod', data: assigned('llama-0', [0, 1]).data }).then([assigned('llama-0', [0, 1])]);
    expect(deviceUsage(state as ActiveNode, 1)).toEqual({ milli: 1000, memoryMiB: 81_920, migInstances: [] });
  });

  it('packs four time-sliced pods onto one GPU', () => {
    const given = [registered(), ...[0, 1, 2].map((i) => assignShared(shared(`phi-${i}`, 0, 250, 20_480)))];
    spec.given(given).when({ type: 'AssignPod', data: shared('phi-3', 0, 250, 20_480) }).then([assignShared(shared('phi-3', 0, 250, 20_480))]);
  });

  it('refuses a fifth quarter of a GPU', () => {
    const given = [registered(), ...[0, 1, 2, 3].map((i) => assignShared(shared(`phi-${i}`, 0, 250, 10_240)))];
    spec
      .given(given)
      .when({ type: 'AssignPod', data: shared('phi-4', 0, 250, 10_240) })
      .thenThrows({ code: 'IllegalState', message: 'device 0 has 0 milli-GPU free, 250 requested', details: [{ path: 'devices[0]' }] });
  });

  it('refuses more GPU memory than the device has left', () => {
    spec
      .given([registered(), assignShared(shared('phi-0', 0, 100, 70_000))])
      .when({ type: 'AssignPod', data: shared('phi-1', 0, 100, 20_000) })
      .thenThrows({ code: 'IllegalState', message: 'device 0 has 11920 MiB free, 20000 requested' });
  });

  it('refuses more CPU or memory than the node has left', () => {
    const data = { ...shared('phi-0', 0, 100, 1024), cpuMilli: 64_001, memoryMiB: 600 * 1024 };
    spec.given([registered()]).when({ type: 'AssignPod', data }).thenThrows({ code: 'IllegalState', details: [{ path: 'cpuMilli' }, { path: 'memoryMiB' }] });
  });

  it('refuses a device the node does not have', () => {
    spec.given([registered()]).when({ type: 'AssignPod', data: shared('phi-0', 7, 100, 1024) }).thenThrows({ code: 'IllegalState', message: 'no GPU device 7' });
  });

  it('checks the claimed devices are of the GPU model the deployment records', () => {
    const data = { ...assigned('llama-0', [0]).data, gpuModel: 'H100-80GB' };
    spec.given([registered()]).when({ type: 'AssignPod', data }).thenThrows({ code: 'IllegalState', message: 'device 0 is A100-80GB, not H100-80GB' });
    spec.given([registered()]).when({ type: 'AssignPod', data: { ...data, gpuModel: 'A100-80GB' } }).then([assigned('llama-0', [0])]);
  });

  it('appends nothing when the same pod is assigned identically again', () => {
    spec.given([registered(), assigned('llama-0', [0])]).when({ type: 'AssignPod', data: assigned('llama-0', [0]).data }).then([]);
  });

  it('refuses the same pod with different resources', () => {
    spec.given([registered(), assigned('llama-0', [0])]).when({ type: 'AssignPod', data: assigned('llama-0', [1]).data }).thenThrows({ code: 'Conflict' });
  });

  it.each([
    ['cordoned', { type: 'NodeCordoned' as const, data: { name: node } }, 'unschedulable'],
    ['drained', { type: 'NodeDrained' as const, data: { name: node, evicted: [] } }, 'unschedulable'],
    ['failed', { type: 'NodeFailed' as const, data: { name: node, reason: 'lost', evicted: [] } }, 'Failed'],
  ])('refuses a %s node', (_, event, message) => {
    spec.given([registered(), event]).when({ type: 'AssignPod', data: assigned('llama-0', [0]).data }).thenThrows({ code: 'IllegalState', message });
  });

  it('refuses an unknown node', () => {
    spec.given([]).when({ type: 'AssignPod', data: assigned('llama-0', [0]).data }).thenThrows({ code: 'NotFound' });
  });
});

describe('AssignPod on MIG devices', () => {
  const migNode = { ...gpuNode01, devices: [{ model: 'A100-80GB', memoryMiB: 81_920, mig: ['3g.40gb', '1g.10gb'] }] };
  const claim = (mig: number | undefined, milli: number, memoryMiB: number): AssignPodData => ({
    ...shared('small-0', 0, milli, memoryMiB),
    devices: [{ index: 0, milli, memoryMiB, ...(mig === undefined ? {} : { mig }) }],
  });

  it('binds a pod to a free MIG instance', () => {
    spec.given([registered(migNode)]).when({ type: 'AssignPod', data: claim(1, 142, 10_240) }).then([assignShared(claim(1, 142, 10_240))]);
  });
  it('names the GPU model of a MIG instance as <model>:<profile>', () => {
    const data = { ...claim(1, 142, 10_240), gpuModel: 'A100-80GB:3g.40gb' };
    spec.given([registered(migNode)]).when({ type: 'AssignPod', data }).thenThrows({ code: 'IllegalState', message: 'device 0 is A100-80GB:1g.10gb, not A100-80GB:3g.40gb' });
  });
  it('refuses a claim that names no instance on a partitioned device', () => {
    spec.given([registered(migNode)]).when({ type: 'AssignPod', data: claim(undefined, 100, 1024) }).thenThrows({ code: 'IllegalState', message: 'MIG-partitioned' });
  });
  it('refuses an instance that is taken', () => {
    spec
      .given([registered(migNode), assignShared({ ...claim(1, 100, 1024), pod: 'other-0' })])
      .when({ type: 'AssignPod', data: claim(1, 100, 1024) })
      .thenThrows({ code: 'IllegalState', message: 'is taken' });
  });
  it('refuses more memory than the instance offers', () => {
    spec.given([registered(migNode)]).when({ type: 'AssignPod', data: claim(1, 142, 20_480) }).thenThrows({ code: 'IllegalState', message: 'offers 10240 MiB' });
  });
});

describe('ReleasePod', () => {
  it('frees what the pod held', () => {
    const state = spec
      .given([registered(), assigned('llama-0', [0])])
      .when({ type: 'ReleasePod', data: { node, deployment: 'llama', pod: 'llama-0' } })
      .then([{ type: 'PodReleased', data: { node, pod: 'llama-0', deployment: 'llama' } }]);
    expect(deviceUsage(state as ActiveNode, 0)).toEqual({ milli: 0, memoryMiB: 0, migInstances: [] });
  });
  it('appends nothing for a pod that is not bound', () => {
    spec.given([registered()]).when({ type: 'ReleasePod', data: { node, deployment: 'llama', pod: 'llama-0' } }).then([]);
  });
  it('tells apart same-named pods of two deployments: a-1 replica 1 and a replica 1 stage 1 are both a-1-1', () => {
    const ofA1 = { ...shared('a-1-1', 0, 250, 10_240), deployment: 'a-1' };
    const ofA = { ...shared('a-1-1', 0, 250, 10_240), deployment: 'a' };
    const both = spec.given([registered(), assignShared(ofA1)]).when({ type: 'AssignPod', data: ofA }).then([assignShared(ofA)]);
    expect(deviceUsage(both as ActiveNode, 0)).toEqual({ milli: 500, memoryMiB: 20_480, migInstances: [] });
    const one = spec
      .given([registered(), assignShared(ofA1), assignShared(ofA)])
      .when({ type: 'ReleasePod', data: { node, deployment: 'a', pod: 'a-1-1' } })
      .then([{ type: 'PodReleased', data: { node, deployment: 'a', pod: 'a-1-1' } }]);
    expect(Object.values((one as ActiveNode).pods).map((p) => p.deployment)).toEqual(['a-1']);
    expect(deviceUsage(one as ActiveNode, 0)).toEqual({ milli: 250, memoryMiB: 10_240, migInstances: [] });
  });
  it('does not release a pod of the same name that another deployment holds', () => {
    spec.given([registered(), assigned('llama-0', [0])]).when({ type: 'ReleasePod', data: { node, deployment: 'other', pod: 'llama-0' } }).then([]);
  });
  it('refuses an unknown node', () => {
    spec.given([]).when({ type: 'ReleasePod', data: { node, deployment: 'llama', pod: 'llama-0' } }).thenThrows({ code: 'NotFound' });
  });
});
