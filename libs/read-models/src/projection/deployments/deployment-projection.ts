import { type RecordedEvent } from '@keel/event-store';
import { type DeploymentRow, type PodRow } from '../rows';
import { deleteRows, selectWhereIn, type Tx, upsertRows } from '../sql';
import { groupBy } from '../stream';
import { runProjection, type StreamProjection } from '../stream-projection';
import { DEPLOYMENTS, PODS } from '../tables';
import { applyDeploymentEvent, DEPLOYMENT_EVENT_TYPES } from './apply-deployment-event';
import { type DeploymentView, summarisedDeployment } from './deployment-view';

async function load(tx: Tx, names: readonly string[]): Promise<Map<string, DeploymentView>> {
  const rows = await selectWhereIn<DeploymentRow>(tx, DEPLOYMENTS, 'name', names);
  if (rows.length === 0) return new Map();
  const pods = groupBy(await selectWhereIn<PodRow>(tx, PODS, 'deployment', rows.map((r) => r.name)), (p) => p.deployment);
  return new Map(
    rows.map((row) => [row.name, { row, pods: new Map((pods.get(row.name) ?? []).map((p) => [p.name, p])), changed: new Set(), removed: new Set() }]),
  );
}

async function save(tx: Tx, views: readonly DeploymentView[]): Promise<void> {
  if (views.length === 0) return;
  await upsertRows(tx, DEPLOYMENTS, views.map(summarisedDeployment));
  const removed = views.flatMap((v) => [...v.removed].map((pod) => [v.row.name, pod]));
  await deleteRows(tx, PODS, removed);
  const changed = views.flatMap((v) => [...v.changed].flatMap((pod) => v.pods.get(pod) ?? []));
  await upsertRows(tx, PODS, changed);
}

/** Deployments (desired / scheduled / pending replicas) and their pods, from `deployment-*` streams. */
export const deploymentProjection: StreamProjection<DeploymentView> = {
  streamType: 'deployment',
  eventTypes: DEPLOYMENT_EVENT_TYPES,
  load,
  versionOf: (view) => view?.row.version ?? 0,
  apply: applyDeploymentEvent,
  save,
  saved: (view) => ({ ...view, changed: new Set(), removed: new Set() }),
};

/** Projects a batch of deployment-stream events through `tx` (idempotent). */
export function projectDeploymentEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  return runProjection(deploymentProjection, events, tx);
}
