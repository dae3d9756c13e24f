import { boundPodKey } from '@keel/node-domain';
import { type RecordedEvent } from '@keel/event-store';
import { type GpuDeviceRow, type NodeRow, type PodAllocationRow } from '../rows';
import { deleteWhereIn, selectWhereIn, type Tx, upsertRows } from '../sql';
import { groupBy } from '../stream';
import { runProjection, type StreamProjection } from '../stream-projection';
import { READ_SCHEMA, readTables, type ReadTables } from '../tables';
import { applyNodeEvent, NODE_EVENT_TYPES } from './apply-node-event';
import { allocatedDevices, type NodeView, summarisedNode } from './node-view';

function load(tables: ReadTables) {
  return async (tx: Tx, names: readonly string[]): Promise<Map<string, NodeView>> => {
    const nodes = await selectWhereIn<NodeRow>(tx, tables.nodes, 'name', names);
    if (nodes.length === 0) return new Map();
    const present = nodes.map((n) => n.name);
    const devices = groupBy(await selectWhereIn<GpuDeviceRow>(tx, tables.gpuDevices, 'node', present), (d) => d.node);
    const allocations = groupBy(await selectWhereIn<PodAllocationRow>(tx, tables.podAllocations, 'node', present), (a) => a.node);
    return new Map(
      nodes.map((row) => [
        row.name,
        {
          row,
          devices: (devices.get(row.name) ?? []).sort((a, b) => a.device_index - b.device_index),
          allocations: new Map((allocations.get(row.name) ?? []).map((a) => [boundPodKey(a.deployment, a.pod), a])),
        },
      ]),
    );
  };
}

function save(tables: ReadTables) {
  return async (tx: Tx, views: readonly NodeView[]): Promise<void> => {
    if (views.length === 0) return;
    const names = views.map((v) => v.row.name);
    await upsertRows(tx, tables.nodes, views.map(summarisedNode));
    await deleteWhereIn(tx, tables.gpuDevices, 'node', names);
    await deleteWhereIn(tx, tables.podAllocations, 'node', names);
    await upsertRows(tx, tables.gpuDevices, views.flatMap(allocatedDevices));
    await upsertRows(tx, tables.podAllocations, views.flatMap((v) => [...v.allocations.values()]));
  };
}

/** Nodes, GPU devices (with per-device allocation) and pod allocations, from `node-*` streams, into `tables`. */
export function nodeProjectionIn(tables: ReadTables): StreamProjection<NodeView> {
  return {
    streamType: 'node',
    eventTypes: NODE_EVENT_TYPES,
    load: load(tables),
    versionOf: (view) => view?.row.version ?? 0,
    apply: applyNodeEvent,
    save: save(tables),
    saved: (view) => view,
  };
}

/** The node projection into the live `read` schema. */
export const nodeProjection: StreamProjection<NodeView> = nodeProjectionIn(readTables(READ_SCHEMA));

/** Projects a batch of node-stream events through `tx` (idempotent; older or repeated events are skipped). */
export function projectNodeEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  return runProjection(nodeProjection, events, tx);
}
