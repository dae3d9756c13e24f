import { type RecordedEvent } from '@keel/event-store';
import { type DeploymentRow, type PodRow } from '../rows';
import { deleteRows, selectWhereIn, type Tx, upsertRows } from '../sql';
import { groupBy } from '../stream';
import { runProjection, type StreamProjection } from '../stream-projection';
import { READ_SCHEMA, readTables, type ReadTables } from '../tables';
import { applyDeploymentEvent, DEPLOYMENT_EVENT_TYPES } from './apply-deployment-event';
import { type DeploymentView, summarisedDeployment } from './deployment-view';

function load(tables: ReadTables) {
  return async (tx: Tx, names: readonly string[]): Promise<Map<string, DeploymentView>> => {
    const rows = await selectWhereIn<DeploymentRow>(tx, tables.deployments, 'name', names);
    if (rows.length === 0) return new Map();
    const pods = groupBy(await selectWhereIn<PodRow>(tx, tables.pods, 'deployment', rows.map((r) => r.name)), (p) => p.deployment);
    return new Map(
      rows.map((row) => [row.name, { row, pods: new Map((pods.get(row.name) ?? []).map((p) => [p.name, p])), changed: new Set(), removed: new Set() }]),
    );
  };
}

function save(tables: ReadTables) {
  return async (tx: Tx, views: readonly DeploymentView[]): Promise<void> => {
    if (views.length === 0) return;
    await upsertRows(tx, tables.deployments, views.map(summarisedDeployment));
    const removed = views.flatMap((v) => [...v.removed].map((pod) => [v.row.name, pod]));
    await deleteRows(tx, tables.pods, removed);
    const changed = views.flatMap((v) => [...v.changed].flatMap((pod) => v.pods.get(pod) ?? []));
    await upsertRows(tx, tables.pods, changed);
  };
}

/** Deployments (desired / scheduled / pending replicas) and their pods, from `deployment-*` streams, into `tables`. */
export function deploymentProjectionIn(tables: ReadTables): StreamProjection<DeploymentView> {
  return {
    streamType: 'deployment',
    eventTypes: DEPLOYMENT_EVENT_TYPES,
    load: load(tables),
    versionOf: (view) => view?.row.version ?? 0,
    apply: applyDeploymentEvent,
    save: save(tables),
    saved: (view) => ({ ...view, changed: new Set(), removed: new Set() }),
  };
}

/** The deployment projection into the live `read` schema. */
export const deploymentProjection: StreamProjection<DeploymentView> = deploymentProjectionIn(readTables(READ_SCHEMA));

/** Projects a batch of deployment-stream events through `tx` (idempotent). */
export function projectDeploymentEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  return runProjection(deploymentProjection, events, tx);
}
