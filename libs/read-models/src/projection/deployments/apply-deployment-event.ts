import { type RecordedEvent } from '@keel/event-store';
import { type DeploymentEvent, type DeploymentRevisionData } from '@keel/deployment-domain';
import { assertNever } from '@keel/kernel';
import { type DeploymentRow, type PodRow } from '../rows';
import { stampOf } from '../stream';
import { type DeploymentView } from './deployment-view';

/** Deployment event types the projection applies. */
export const DEPLOYMENT_EVENT_TYPES: ReadonlySet<string> = new Set<DeploymentEvent['type']>([
  'DeploymentCreated', 'DeploymentUpdated', 'DeploymentScaled', 'DeploymentDeleted', 'PodCreated', 'PodBound', 'PodEvicted', 'PodRemoved',
  'PodScheduled', 'PodUnschedulable', 'PodPreempted',
]);

/** Pending reason of a pod nobody has placed yet. */
export const NOT_SCHEDULED = 'not scheduled yet';

function revision(data: DeploymentRevisionData): Pick<DeploymentRow, 'model' | 'runtime' | 'revision' | 'spec' | 'fitting_gpu_models' | 'priority'> {
  const { spec } = data;
  return { model: spec.model, runtime: spec.runtime, revision: data.revision, spec, fitting_gpu_models: [...data.fittingGpuModels], priority: spec.priority ?? 0 };
}

function created(view: DeploymentView | undefined, data: DeploymentRevisionData & { replicas: number }, recorded: RecordedEvent): DeploymentView {
  const row: DeploymentRow = {
    name: data.name, ...revision(data), desired_replicas: data.replicas, scheduled_replicas: 0, pending_replicas: 0,
    pod_count: 0, bound_pods: 0, deleted: false, ...stampOf(recorded),
  };
  return { row, pods: view?.pods ?? new Map(), changed: view?.changed ?? new Set(), removed: view?.removed ?? new Set() };
}

function withPod(view: DeploymentView, name: string, pod: PodRow | undefined): DeploymentView {
  const pods = new Map(view.pods);
  const changed = new Set(view.changed);
  const removed = new Set(view.removed);
  if (pod) {
    pods.set(name, pod);
    changed.add(name);
    removed.delete(name);
  } else {
    pods.delete(name);
    changed.delete(name);
    removed.add(name);
  }
  return { ...view, pods, changed, removed };
}

function podCreated(data: Extract<DeploymentEvent, { type: 'PodCreated' }>['data'], recorded: RecordedEvent): PodRow {
  return {
    deployment: data.deployment, name: data.pod, ordinal: data.replica, stage: data.stage, revision: data.revision, phase: 'Pending',
    node: null, gpu_model: null, devices: [], request: data.request, priority: data.request.priority, pending_reason: NOT_SCHEDULED, ...stampOf(recorded),
  };
}

function changePod(view: DeploymentView, name: string, recorded: RecordedEvent, change: Partial<PodRow>): DeploymentView {
  const pod = view.pods.get(name);
  return pod ? withPod(view, name, { ...pod, ...change, ...stampOf(recorded) }) : view;
}

function applyActive(view: DeploymentView, event: DeploymentEvent, recorded: RecordedEvent): DeploymentView {
  switch (event.type) {
    case 'DeploymentCreated':
      return view;
    case 'DeploymentUpdated':
      return { ...view, row: { ...view.row, ...revision(event.data) } };
    case 'DeploymentScaled':
      return { ...view, row: { ...view.row, desired_replicas: event.data.replicas } };
    case 'DeploymentDeleted':
      return { ...view, row: { ...view.row, deleted: true, desired_replicas: 0 } };
    case 'PodCreated':
      return withPod(view, event.data.pod, podCreated(event.data, recorded));
    case 'PodBound': {
      const { node, gpuModel, devices } = event.data;
      return changePod(view, event.data.pod, recorded, { phase: 'Bound', node, gpu_model: gpuModel, devices: devices.map((d) => ({ ...d })), pending_reason: null });
    }
    case 'PodEvicted': {
      const reason = `evicted from ${event.data.node}: ${event.data.reason}`;
      return changePod(view, event.data.pod, recorded, { phase: 'Pending', node: null, gpu_model: null, devices: [], pending_reason: reason });
    }
    case 'PodRemoved':
      return view.pods.has(event.data.pod) ? withPod(view, event.data.pod, undefined) : view;
    case 'PodUnschedulable':
      return changePod(view, event.data.pod, recorded, { pending_reason: event.data.message });
    case 'PodPreempted': {
      const { by, node, reason } = event.data;
      return changePod(view, event.data.pod, recorded, { pending_reason: `preempted by ${by} on ${node}: ${reason}` });
    }
    case 'PodScheduled':
      return view;
    default:
      return assertNever(event);
  }
}

/** Applies one deployment event (of a type in {@link DEPLOYMENT_EVENT_TYPES}); mirrors the decider's `evolve`. */
export function applyDeploymentEvent(view: DeploymentView | undefined, recorded: RecordedEvent): DeploymentView | undefined {
  const event = { type: recorded.type, data: recorded.data } as DeploymentEvent;
  if (event.type === 'DeploymentCreated') return created(view, event.data, recorded);
  if (view === undefined) return undefined;
  const next = view.row.deleted ? view : applyActive(view, event, recorded);
  return { ...next, row: { ...next.row, ...stampOf(recorded) } };
}
