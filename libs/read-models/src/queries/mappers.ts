import { type DeploymentDto, type GpuDeviceDto, type ModelDto, type NodeDto, type PodDto } from '../dto';
import { type DeploymentEntity } from '../entities/deployment.entity';
import { type GpuDeviceEntity } from '../entities/gpu-device.entity';
import { type ModelEntity } from '../entities/model.entity';
import { type NodeEntity } from '../entities/node.entity';
import { type PodEntity } from '../entities/pod.entity';

/** A device entity as a DTO. */
export function toGpuDeviceDto(d: GpuDeviceEntity): GpuDeviceDto {
  return {
    index: d.index, model: d.model, memoryMiB: d.memoryMiB, mig: d.mig, allocatedMilli: d.allocatedMilli, allocatedMemoryMiB: d.allocatedMemoryMiB,
    freeMilli: 1000 - d.allocatedMilli, freeMemoryMiB: d.memoryMiB - d.allocatedMemoryMiB, pods: d.pods,
  };
}

/** A node entity and its devices (in index order) as a DTO. */
export function toNodeDto(n: NodeEntity, devices: readonly GpuDeviceEntity[]): NodeDto {
  return {
    name: n.name, zone: n.zone, labels: n.labels, taints: n.taints, cpuMilli: n.cpuMilli, memoryMiB: n.memoryMiB,
    allocatedCpuMilli: n.allocatedCpuMilli, allocatedMemoryMiB: n.allocatedMemoryMiB, unschedulable: n.unschedulable,
    condition: n.condition, conditionReason: n.conditionReason, state: n.state, podCount: n.podCount,
    gpus: devices.map(toGpuDeviceDto), version: n.version, updatedAt: n.updatedAt.toISOString(),
  };
}

/** A model entity as a DTO. */
export function toModelDto(m: ModelEntity): ModelDto {
  return {
    name: m.name, displayName: m.displayName, parametersBillions: m.parametersBillions, dtype: m.dtype, layers: m.layers,
    attentionHeads: m.attentionHeads, kvHeads: m.kvHeads, headDim: m.headDim, maxContext: m.maxContext, architecture: m.architecture,
    deprecated: m.deprecated, deprecationReason: m.deprecationReason, version: m.version, updatedAt: m.updatedAt.toISOString(),
  };
}

/** A deployment entity as a DTO. */
export function toDeploymentDto(d: DeploymentEntity): DeploymentDto {
  return {
    name: d.name, model: d.model, runtime: d.runtime, revision: d.revision, spec: d.spec, fittingGpuModels: d.fittingGpuModels,
    priority: d.priority, desiredReplicas: d.desiredReplicas, scheduledReplicas: d.scheduledReplicas, pendingReplicas: d.pendingReplicas,
    podCount: d.podCount, boundPods: d.boundPods, deleted: d.deleted, version: d.version, updatedAt: d.updatedAt.toISOString(),
  };
}

/** A pod entity as a DTO. */
export function toPodDto(p: PodEntity): PodDto {
  return {
    name: p.name, deployment: p.deployment, ordinal: p.ordinal, stage: p.stage, revision: p.revision, phase: p.phase, node: p.node,
    gpuModel: p.gpuModel, devices: p.devices, request: p.request, priority: p.priority, pendingReason: p.pendingReason,
    version: p.version, position: p.position, updatedAt: p.updatedAt.toISOString(),
  };
}
