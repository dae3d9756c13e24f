import { type Event } from '@keel/kernel';
import { type CandidateScore, type PodPlacement, type PodRequest } from './types/pod';
import { type DeploymentSpec } from './types/spec';

/** Data of `DeploymentCreated` / `DeploymentUpdated`: the normalised spec and where it fits. */
export interface DeploymentRevisionData {
  readonly name: string;
  readonly revision: number;
  readonly spec: DeploymentSpec;
  /** Acceptable GPU models the model fits on, in preference order. */
  readonly fittingGpuModels: readonly string[];
}

type Ref = { readonly deployment: string; readonly pod: string };

/** A deployment exists at revision `revision` with `replicas` desired. */
export type DeploymentCreated = Event<'DeploymentCreated', DeploymentRevisionData & { readonly replicas: number }>;
/** A new revision of the spec. */
export type DeploymentUpdated = Event<'DeploymentUpdated', DeploymentRevisionData>;
/** The desired replica count changed. */
export type DeploymentScaled = Event<'DeploymentScaled', { readonly name: string; readonly replicas: number; readonly previousReplicas: number }>;
/** The deployment is gone (its pods were removed first). */
export type DeploymentDeleted = Event<'DeploymentDeleted', { readonly name: string }>;
/** A new Pending pod: pipeline `stage` of replica `replica`. */
export type PodCreated = Event<'PodCreated', Ref & { readonly replica: number; readonly stage: number; readonly revision: number; readonly request: PodRequest }>;
/** A pending pod was placed on a node and devices. */
export type PodBound = Event<'PodBound', Ref & PodPlacement>;
/** The pod left `node` and is Pending again. */
export type PodEvicted = Event<'PodEvicted', Ref & { readonly node: string; readonly reason: string }>;
/** The pod is gone; `node` is set when it was bound, so its node can release it. */
export type PodRemoved = Event<'PodRemoved', Ref & { readonly node?: string }>;
/** The scheduler's decision for a bind: device indices and the score breakdown of the top candidates. */
export type PodScheduled = Event<
  'PodScheduled',
  Ref & { readonly node: string; readonly devices: readonly number[]; readonly candidates: readonly CandidateScore[] }
>;
/** The scheduler could not place the pod; `message` is in Kubernetes' form, `reasons` counts nodes per reason. */
export type PodUnschedulable = Event<'PodUnschedulable', Ref & { readonly message: string; readonly reasons: Readonly<Record<string, number>> }>;
/** The pod was evicted from `node` for the higher-priority pod `by` (recorded right after its `PodEvicted`). */
export type PodPreempted = Event<'PodPreempted', Ref & { readonly by: string; readonly node: string; readonly reason: string }>;

/** Every event on a deployment stream. */
export type DeploymentEvent =
  | DeploymentCreated
  | DeploymentUpdated
  | DeploymentScaled
  | DeploymentDeleted
  | PodCreated
  | PodBound
  | PodEvicted
  | PodRemoved
  | PodScheduled
  | PodUnschedulable
  | PodPreempted;
