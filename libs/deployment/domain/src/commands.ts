import { type Command } from '@keel/kernel';
import { type FitVerdict } from './fit';
import { type DeviceClaim } from './types/pod';
import { type DeploymentSpec } from './types/spec';

/** Data of `CreateDeployment`: the spec, the replica count, and the handler's fit verdict for the spec. */
export interface CreateDeploymentData extends DeploymentSpec {
  readonly name: string;
  readonly replicas: number;
  readonly fit: FitVerdict;
}

/** Data of `UpdateDeployment`: a whole new spec (a new revision); replicas change only by scaling. */
export interface UpdateDeploymentData extends DeploymentSpec {
  readonly name: string;
  readonly fit: FitVerdict;
}

/** Data of `BindPod`: the scheduler's placement, mirrored from the node stream's `AssignPod`. */
export interface BindPodData {
  readonly name: string;
  readonly pod: string;
  readonly node: string;
  readonly gpuModel: string;
  readonly devices: readonly DeviceClaim[];
}

/** Create a deployment; refused with `FitFailure` when the model fits no acceptable GPU. */
export type CreateDeployment = Command<'CreateDeployment', CreateDeploymentData>;
/** Replace the spec with a new revision (fit-checked again). */
export type UpdateDeployment = Command<'UpdateDeployment', UpdateDeploymentData>;
/** Set the desired replica count. */
export type ScaleDeployment = Command<'ScaleDeployment', { readonly name: string; readonly replicas: number }>;
/** Delete the deployment and its pods. */
export type DeleteDeployment = Command<'DeleteDeployment', { readonly name: string }>;
/** Record a pending pod's placement. */
export type BindPod = Command<'BindPod', BindPodData>;
/** Put a pod bound to `node` back to Pending (drain, node failure, preemption); stale evictions are no-ops. */
export type EvictPod = Command<'EvictPod', { readonly name: string; readonly pod: string; readonly node: string; readonly reason: string }>;

/** Every command the deployment decider accepts. */
export type DeploymentCommand = CreateDeployment | UpdateDeployment | ScaleDeployment | DeleteDeployment | BindPod | EvictPod;
