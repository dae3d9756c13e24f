import { DeploymentEntity } from './deployment.entity';
import { GpuDeviceEntity } from './gpu-device.entity';
import { ModelEntity } from './model.entity';
import { NodeEntity } from './node.entity';
import { PodAllocationEntity } from './pod-allocation.entity';
import { PodEntity } from './pod.entity';

export { DeploymentEntity, GpuDeviceEntity, ModelEntity, NodeEntity, PodAllocationEntity, PodEntity };

/** Every read-model entity, for a DataSource's `entities` (or `TypeOrmModule.forFeature`). */
export const READ_MODEL_ENTITIES = [NodeEntity, GpuDeviceEntity, PodAllocationEntity, ModelEntity, DeploymentEntity, PodEntity] as const;
