import { type Command } from '@keel/kernel';
import { type FitVerdict } from './fit';
import { type CandidateScore, type DeviceClaim } from './types/pod';
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
  /** The scheduler's score breakdown of the top candidates; when given, `PodScheduled` is recorded too. */
  readonly candidates?: readonly CandidateScore[];
}

/** Data of `RecordPodUnschedulable`: why the scheduler could not place a pending pod. */
export interface RecordPodUnschedulableData {
  readonly name: string;
  readonly pod: string;
  /** Kubernetes form: `0/5 nodes are available: 3 Insufficient GPU memory, 2 node(s) had untolerated taint {…}.` */
  readonly message: string;
  /** Node count per reason. */
  readonly reasons: Readonly<Record<string, number>>;
}

/** Data of `PreemptPod`: evict a bound pod so that a higher-priority pod `by` can run on `node`. */
export interface PreemptPodData {
  readonly name: string;
  readonly pod: string;
  readonly node: string;
  /** The preempting pod, as `<deployment>/<pod>`. */
  readonly by: string;
  readonly reason: string;
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

/** Record why a pending pod cannot be placed; nothing is recorded while the message is unchanged. */
export type RecordPodUnschedulable = Command<'RecordPodUnschedulable', RecordPodUnschedulableData>;
/** Evict a bound pod for a higher-priority one (Pending again); stale preemptions are no-ops. */
export type PreemptPod = Command<'PreemptPod', PreemptPodData>;

/** Every command the deployment decider accepts. */
export type DeploymentCommand =
  | CreateDeployment
  | UpdateDeployment
  | ScaleDeployment
  | DeleteDeployment
  | BindPod
  | EvictPod
  | RecordPodUnschedulable
  | PreemptPod;
