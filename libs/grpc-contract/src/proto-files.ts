import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding the `.proto` sources (`proto/` at the repository root): the contract's source of truth. */
export const PROTO_ROOT = join(__dirname, '..', '..', '..', 'proto');

/** The gRPC services Keel serves, by full name. */
export const KEEL_SERVICES: readonly string[] = [
  'keel.v1.NodeService',
  'keel.v1.ModelService',
  'keel.v1.DeploymentService',
  'keel.v1.PodService',
  'keel.v1.ClusterService',
  'keel.v1.SchedulingService',
  'keel.v1.EventService',
];

/** Every `.proto` file under {@link PROTO_ROOT}, relative to it (`keel/v1/nodes.proto`, `google/rpc/status.proto`, …). */
export function protoFiles(dir = PROTO_ROOT, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) return protoFiles(join(dir, entry.name), relative);
      return entry.name.endsWith('.proto') ? [relative] : [];
    })
    .sort();
}
