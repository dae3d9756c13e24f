import { type ClusterDiff, type ClusterPicture } from '@keel/history';
import { formatTable } from '../demo/tables';

const percent = (milli: number): string => `${Math.round(milli / 10)}%`;
const gib = (mib: number): number => Math.round((mib / 1024) * 10) / 10;

function heading(asOf: ClusterPicture['asOf']): string {
  return `as of position ${asOf.position} (checkpoint ${asOf.checkpoint}, ${asOf.time ?? 'before the first event'}, ${asOf.events} events)`;
}

/** `keel state` output: nodes, GPU allocation, deployments and pods, as tables. */
export function pictureTables(picture: ClusterPicture): string {
  const nodes = formatTable(
    ['NODE', 'ZONE', 'CORDONED', 'CONDITION', 'GPUS', 'PODS'],
    picture.nodes.map((n) => [n.name, n.zone, n.cordoned ? 'yes' : 'no', n.condition, n.gpus.length, n.pods.length]),
  );
  const gpus = formatTable(
    ['NODE', 'GPU', 'MODEL', 'ALLOCATED', 'MEMORY GiB', 'USED GiB', 'PODS'],
    picture.nodes.flatMap((n) => n.gpus.map((g) => [n.name, g.index, g.model, percent(g.allocatedMilli), gib(g.memoryMiB), gib(g.allocatedMemoryMiB), g.pods.map((p) => `${p.deployment}/${p.pod}`).join(',') || '-'])),
  );
  const deployments = formatTable(
    ['DEPLOYMENT', 'MODEL', 'REVISION', 'REPLICAS', 'PODS', 'BOUND', 'PENDING'],
    picture.deployments.map((d) => [d.name, d.model, d.revision, d.replicas, d.pods, d.boundPods, d.pendingPods]),
  );
  const pods = formatTable(
    ['DEPLOYMENT', 'POD', 'REVISION', 'PHASE', 'NODE', 'GPUS'],
    picture.pods.map((p) => [p.deployment, p.name, p.revision, p.phase, p.node ?? '-', p.devices.join(',') || '-']),
  );
  return [`Cluster ${heading(picture.asOf)}`, '', nodes, '', gpus, '', deployments, '', pods].join('\n');
}

/** `keel diff` output: one line per change under a heading naming both moments. */
export function diffLines(diff: ClusterDiff): string[] {
  const lines = [`Changes from ${heading(diff.from)}`, `          to ${heading(diff.to)}`];
  if (diff.changes.length === 0) return [...lines, '  (no changes)'];
  return [...lines, ...diff.changes.map((c) => `  ${c.text}`)];
}
