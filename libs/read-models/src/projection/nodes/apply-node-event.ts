import { type RecordedEvent } from '@keel/event-store';
import { assertNever } from '@keel/kernel';
import { boundPodKey, type NodeEvent, type NodeRegisteredData } from '@keel/node-domain';
import { type PodAllocationRow } from '../rows';
import { stampOf } from '../stream';
import { type NodeView } from './node-view';

/** Node event types the projection applies. */
export const NODE_EVENT_TYPES: ReadonlySet<string> = new Set<NodeEvent['type']>([
  'NodeRegistered', 'NodeLabelsUpdated', 'NodeTaintsUpdated', 'NodeCordoned', 'NodeUncordoned', 'NodeDrained',
  'NodeFailed', 'NodeRecovered', 'NodeDeregistered', 'PodAssigned', 'PodReleased',
]);

function registered(data: NodeRegisteredData, event: RecordedEvent): NodeView {
  const row = {
    name: data.name, zone: data.zone, labels: { ...data.labels }, taints: [...data.taints], cpu_milli: data.cpuMilli,
    memory_mib: data.memoryMiB, allocated_cpu_milli: 0, allocated_memory_mib: 0, gpu_count: data.devices.length, pod_count: 0,
    unschedulable: false, condition: 'Ready' as const, condition_reason: null, state: 'Active' as const, ...stampOf(event),
  };
  const devices = data.devices.map((d) => ({
    node: data.name, device_index: d.index, model: d.model, memory_mib: d.memoryMiB, mig: [...(d.mig ?? [])],
    allocated_milli: 0, allocated_memory_mib: 0, pods: [],
  }));
  return { row, devices, allocations: new Map() };
}

function without(allocations: ReadonlyMap<string, PodAllocationRow>, pods: readonly { readonly deployment: string; readonly pod: string }[]): Map<string, PodAllocationRow> {
  const next = new Map(allocations);
  for (const { deployment, pod } of pods) next.delete(boundPodKey(deployment, pod));
  return next;
}

function withPod(view: NodeView, data: Extract<NodeEvent, { type: 'PodAssigned' }>['data']): Map<string, PodAllocationRow> {
  const devices = data.devices.map((d) => ({ index: d.index, milli: d.milli, memoryMiB: d.memoryMiB, ...(d.mig === undefined ? {} : { mig: d.mig }) }));
  const row = { node: data.node, pod: data.pod, deployment: data.deployment, devices, cpu_milli: data.cpuMilli, memory_mib: data.memoryMiB };
  return new Map(view.allocations).set(boundPodKey(data.deployment, data.pod), row);
}

function applyActive(view: NodeView, event: NodeEvent): NodeView {
  const { row } = view;
  switch (event.type) {
    case 'NodeRegistered':
      return view;
    case 'NodeLabelsUpdated':
      return { ...view, row: { ...row, labels: { ...event.data.labels } } };
    case 'NodeTaintsUpdated':
      return { ...view, row: { ...row, taints: [...event.data.taints] } };
    case 'NodeCordoned':
    case 'NodeUncordoned':
      return { ...view, row: { ...row, unschedulable: event.type === 'NodeCordoned' } };
    case 'NodeDrained':
      return { ...view, row: { ...row, unschedulable: true }, allocations: without(view.allocations, event.data.evicted) };
    case 'NodeFailed':
      return { ...view, row: { ...row, condition: 'Failed', condition_reason: event.data.reason }, allocations: without(view.allocations, event.data.evicted) };
    case 'NodeRecovered':
      return { ...view, row: { ...row, condition: 'Ready', condition_reason: null } };
    case 'NodeDeregistered':
      return { row: { ...row, state: 'Deregistered' }, devices: [], allocations: new Map() };
    case 'PodAssigned':
      return { ...view, allocations: withPod(view, event.data) };
    case 'PodReleased':
      return { ...view, allocations: without(view.allocations, [event.data]) };
    default:
      return assertNever(event);
  }
}

/** Applies one node event (of a type in {@link NODE_EVENT_TYPES}); mirrors the node decider's `evolve`. */
export function applyNodeEvent(view: NodeView | undefined, recorded: RecordedEvent): NodeView | undefined {
  const event = { type: recorded.type, data: recorded.data } as NodeEvent;
  if (event.type === 'NodeRegistered') return registered(event.data, recorded);
  if (view === undefined || view.row.state !== 'Active') return view && { ...view, row: { ...view.row, ...stampOf(recorded) } };
  const next = applyActive(view, event);
  return { ...next, row: { ...next.row, ...stampOf(recorded) } };
}
