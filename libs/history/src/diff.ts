import { type ClusterPicture, type DeploymentPicture, type NodePicture, type PodPicture } from './picture';

/** What happened to a node, deployment or pod between two pictures. */
export type ChangeType =
  | 'added' | 'removed' | 'changed'
  | 'created' | 'deleted' | 'scaled' | 'updated'
  | 'bound' | 'evicted' | 'moved';

/** One field that differs, with its value before and after. */
export interface FieldChange {
  readonly field: string;
  readonly before: string | number | boolean | null;
  readonly after: string | number | boolean | null;
}

/** One change, structured and as a sentence. */
export interface ClusterChange {
  readonly kind: 'node' | 'deployment' | 'pod';
  readonly change: ChangeType;
  readonly name: string;
  /** The pod's deployment (pods only). */
  readonly deployment?: string;
  readonly fields: readonly FieldChange[];
  readonly text: string;
}

/** What changed between two moments. */
export interface ClusterDiff {
  readonly from: ClusterPicture['asOf'];
  readonly to: ClusterPicture['asOf'];
  readonly changes: readonly ClusterChange[];
}

type Value = FieldChange['before'];

function fieldChanges<T>(before: T, after: T, fields: readonly (keyof T & string)[], show: (value: T[keyof T]) => Value = (v) => v as Value): FieldChange[] {
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function gpuCount(node: NodePicture): string {
  return `${node.gpus.length} GPU${node.gpus.length === 1 ? '' : 's'}`;
}

function nodeChanges(before: readonly NodePicture[], after: readonly NodePicture[]): ClusterChange[] {
  const old = indexBy(before, (n) => n.name);
  const now = indexBy(after, (n) => n.name);
  const changes: ClusterChange[] = [];
  for (const node of after) {
    const prior = old.get(node.name);
    if (!prior) {
      changes.push({ kind: 'node', change: 'added', name: node.name, fields: [], text: `node ${node.name} added (${node.zone}, ${gpuCount(node)})` });
      continue;
    }
    const fields = fieldChanges(prior, node, ['zone', 'cordoned', 'condition']);
    if (fields.length > 0) {
      const parts = fields.map((f) => (f.field === 'cordoned' ? (f.after ? 'cordoned' : 'uncordoned') : `${f.field} ${String(f.before)} → ${String(f.after)}`));
      changes.push({ kind: 'node', change: 'changed', name: node.name, fields, text: `node ${node.name} ${parts.join(', ')}` });
    }
  }
  for (const node of before) {
    if (!now.has(node.name)) changes.push({ kind: 'node', change: 'removed', name: node.name, fields: [], text: `node ${node.name} removed` });
  }
  return changes;
}

function deploymentChanges(before: readonly DeploymentPicture[], after: readonly DeploymentPicture[]): ClusterChange[] {
  const old = indexBy(before, (d) => d.name);
  const now = indexBy(after, (d) => d.name);
  const changes: ClusterChange[] = [];
  for (const d of after) {
    const prior = old.get(d.name);
    if (!prior) {
      changes.push({ kind: 'deployment', change: 'created', name: d.name, fields: [], text: `deployment ${d.name} created (${d.model}, ${d.replicas} replicas, revision ${d.revision})` });
      continue;
    }
    if (prior.revision !== d.revision) {
      const fields = fieldChanges(prior, d, ['revision', 'model']);
      changes.push({ kind: 'deployment', change: 'updated', name: d.name, fields, text: `deployment ${d.name} updated: revision ${prior.revision} → ${d.revision}` });
    }
    if (prior.replicas !== d.replicas) {
      const fields = [{ field: 'replicas', before: prior.replicas, after: d.replicas }];
      changes.push({ kind: 'deployment', change: 'scaled', name: d.name, fields, text: `deployment ${d.name} scaled ${prior.replicas} → ${d.replicas} replicas` });
    }
  }
  for (const d of before) {
    if (!now.has(d.name)) changes.push({ kind: 'deployment', change: 'deleted', name: d.name, fields: [], text: `deployment ${d.name} deleted` });
  }
  return changes;
}

const where = (pod: PodPicture): string => `${pod.node} GPU ${pod.devices.join(',') || '-'}`;

function podChange(pod: PodPicture, change: ChangeType, fields: readonly FieldChange[], text: string): ClusterChange {
  return { kind: 'pod', change, name: pod.name, deployment: pod.deployment, fields, text: `pod ${pod.deployment}/${pod.name} ${text}` };
}

function placementChange(prior: PodPicture, pod: PodPicture): ClusterChange | null {
  const fields = fieldChanges(prior, pod, ['phase', 'node', 'devices'], (v) => (Array.isArray(v) ? v.join(',') : (v as Value)));
  if (fields.length === 0) return null;
  if (prior.phase === 'Pending' && pod.phase === 'Bound') return podChange(pod, 'bound', fields, `bound to ${where(pod)}`);
  if (prior.phase === 'Bound' && pod.phase === 'Pending') return podChange(pod, 'evicted', fields, `evicted from ${prior.node} (Pending)`);
  if (prior.phase === 'Bound') return podChange(pod, 'moved', fields, `moved from ${where(prior)} to ${where(pod)}`);
  return null;
}

function podChanges(before: readonly PodPicture[], after: readonly PodPicture[]): ClusterChange[] {
  const key = (p: PodPicture) => `${p.deployment}/${p.name}`;
  const old = indexBy(before, key);
  const now = indexBy(after, key);
  const changes: ClusterChange[] = [];
  for (const pod of after) {
    const prior = old.get(key(pod));
    if (!prior) {
      changes.push(podChange(pod, 'created', [], `created (replica ${pod.replica}, stage ${pod.stage}, revision ${pod.revision})`));
      if (pod.phase === 'Bound') changes.push(podChange(pod, 'bound', [{ field: 'node', before: null, after: pod.node }], `bound to ${where(pod)}`));
      continue;
    }
    const placed = placementChange(prior, pod);
    if (placed) changes.push(placed);
  }
  for (const pod of before) {
    if (!now.has(key(pod))) changes.push(podChange(pod, 'removed', [], pod.phase === 'Bound' ? `removed (was on ${where(pod)})` : 'removed (was Pending)'));
  }
  return changes;
}

/** Everything that differs between `before` and `after`: nodes, then deployments, then pods. */
export function diffClusters(before: ClusterPicture, after: ClusterPicture): ClusterDiff {
  return {
    from: before.asOf,
    to: after.asOf,
    changes: [...nodeChanges(before.nodes, after.nodes), ...deploymentChanges(before.deployments, after.deployments), ...podChanges(before.pods, after.pods)],
  };
}
