import { invalid } from '@keel/kernel';
import { type GpuDeviceSpec, type NodeSpec, type PodSpec } from '@keel/scheduler-framework';
import { type NodeInput, type PodInput, type SimulateInput } from './input-schema';

/** Expand `{ model, count, memoryMiB }` shorthands; add the hostname label Kubernetes always sets. */
export function toNodeSpec(node: NodeInput): NodeSpec {
  const gpus: GpuDeviceSpec[] = node.gpus.flatMap((g) =>
    Array.from({ length: g.count ?? 1 }, () => ({ model: g.model, memoryMiB: g.memoryMiB, ...(g.mig ? { mig: g.mig } : {}) })),
  );
  return {
    name: node.name,
    labels: { 'kubernetes.io/hostname': node.name, ...node.labels },
    taints: node.taints,
    unschedulable: node.unschedulable,
    cpuMilli: node.cpuMilli,
    memoryMiB: node.memoryMiB,
    gpus,
  };
}

/** The scheduler's view of an input pod (drops `nodeName` / `gpuIndices`). */
export function toPodSpec(pod: PodInput): PodSpec {
  const { nodeName: _n, gpuIndices: _g, ...spec } = pod;
  return spec;
}

/** Cross-field checks zod cannot express; throws a validation error naming the field. */
export function checkReferences(input: SimulateInput): void {
  const nodes = new Set<string>();
  input.nodes.forEach((n, i) => {
    if (nodes.has(n.name)) throw invalid(`nodes[${i}].name`, `duplicate node name ${n.name}`);
    nodes.add(n.name);
  });
  const pods = new Set<string>();
  input.pods.forEach((p, i) => {
    const key = `${p.namespace}/${p.name}`;
    if (pods.has(key)) throw invalid(`pods[${i}].name`, `duplicate pod ${key}`);
    pods.add(key);
    if (p.nodeName !== undefined && !nodes.has(p.nodeName)) throw invalid(`pods[${i}].nodeName`, `unknown node ${p.nodeName}`);
    if (p.gpu?.migProfile !== undefined && p.gpu.milli !== undefined) throw invalid(`pods[${i}].gpu.milli`, 'cannot be combined with migProfile');
    if (p.gpu !== undefined && (p.gpu.milli ?? 1000) < 1000 && p.gpu.count > 1) {
      throw invalid(`pods[${i}].gpu.count`, 'a fractional GPU request (milli < 1000) must ask for one device');
    }
  });
}
