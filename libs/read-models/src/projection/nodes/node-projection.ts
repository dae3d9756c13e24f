import { type RecordedEvent } from '@keel/event-store';
import { type GpuDeviceRow, type NodeRow, type PodAllocationRow } from '../rows';
import { deleteWhereIn, selectWhereIn, type Tx, upsertRows } from '../sql';
import { groupBy } from '../stream';
import { runProjection, type StreamProjection } from '../stream-projection';
import { GPU_DEVICES, NODES, POD_ALLOCATIONS } from '../tables';
import { applyNodeEvent, NODE_EVENT_TYPES } from './apply-node-event';
import { allocatedDevices, type NodeView, summarisedNode } from './node-view';

async function load(tx: Tx, names: readonly string[]): Promise<Map<string, NodeView>> {
  const nodes = await selectWhereIn<NodeRow>(tx, NODES, 'name', names);
  if (nodes.length === 0) return new Map();
  const present = nodes.map((n) => n.name);
  const devices = groupBy(await selectWhereIn<GpuDeviceRow>(tx, GPU_DEVICES, 'node', present), (d) => d.node);
  const allocations = groupBy(await selectWhereIn<PodAllocationRow>(tx, POD_ALLOCATIONS, 'node', present), (a) => a.node);
  return new Map(
    nodes.map((row) => [
      row.name,
      {
        row,
        devices: (devices.get(row.name) ?? []).sort((a, b) => a.device_index - b.device_index),
        allocations: new Map((allocations.get(row.name) ?? []).map((a) => [a.pod, a])),
      },
    ]),
  );
}

async function save(tx: Tx, views: readonly NodeView[]): Promise<void> {
  if (views.length === 0) return;
  const names = views.map((v) => v.row.name);
  await upsertRows(tx, NODES, views.map(summarisedNode));
  await deleteWhereIn(tx, GPU_DEVICES, 'node', names);
  await deleteWhereIn(tx, POD_ALLOCATIONS, 'node', names);
  await upsertRows(tx, GPU_DEVICES, views.flatMap(allocatedDevices));
  await upsertRows(tx, POD_ALLOCATIONS, views.flatMap((v) => [...v.allocations.values()]));
}

/** Nodes, GPU devices (with per-device allocation) and pod allocations, from `node-*` streams. */
export const nodeProjection: StreamProjection<NodeView> = {
  streamType: 'node',
  eventTypes: NODE_EVENT_TYPES,
  load,
  versionOf: (view) => view?.row.version ?? 0,
  apply: applyNodeEvent,
  save,
  saved: (view) => view,
};

/** Projects a batch of node-stream events through `tx` (idempotent; older or repeated events are skipped). */
export function projectNodeEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  return runProjection(nodeProjection, events, tx);
}
