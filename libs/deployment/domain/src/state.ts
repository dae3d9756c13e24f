import { type Pod } from './types/pod';
import { type DeploymentSpec } from './types/spec';

/** No deployment has been created on this stream. */
export interface AbsentDeployment {
  readonly status: 'Absent';
}

/** A live deployment: desired replicas, current revision, and every pod with its phase and placement. */
export interface ActiveDeployment {
  readonly status: 'Active';
  readonly name: string;
  readonly revision: number;
  readonly replicas: number;
  readonly spec: DeploymentSpec;
  readonly fittingGpuModels: readonly string[];
  /** Pods by name. */
  readonly pods: Readonly<Record<string, Pod>>;
}

/** A deleted deployment; the name may be used again. */
export interface DeletedDeployment {
  readonly status: 'Deleted';
  readonly name: string;
  readonly revision: number;
}

/** State of one deployment stream; plain JSON so it can be snapshotted. */
export type DeploymentState = AbsentDeployment | ActiveDeployment | DeletedDeployment;

/** The state of a stream with no events. */
export const initialDeploymentState = (): DeploymentState => ({ status: 'Absent' });
