import { compareBoundPods } from '@keel/node-domain';
import { type GpuDeviceRow, type NodeRow, type PodAllocationRow } from '../rows';

/** One node stream's read model: the node, its devices and what each bound pod holds. */
export interface NodeView {
  readonly row: NodeRow;
  /** Devices as registered; allocation columns are derived from `allocations` on save. */
  readonly devices: readonly GpuDeviceRow[];
  /** By `boundPodKey(deployment, pod)`, as the node decider keys them. */
  readonly allocations: ReadonlyMap<string, PodAllocationRow>;
}

/** The device rows with their allocation (sums and claims) derived from the node's pod allocations. */
export function allocatedDevices(view: NodeView): GpuDeviceRow[] {
  const devices = view.devices.map((d) => ({ ...d, allocated_milli: 0, allocated_memory_mib: 0, pods: [] as GpuDeviceRow['pods'] }));
  for (const allocation of view.allocations.values()) {
    for (const claim of allocation.devices) {
      const device = devices[claim.index];
      if (!device) continue;
      device.allocated_milli += claim.milli;
      device.allocated_memory_mib += claim.memoryMiB;
      const mig = claim.mig === undefined ? {} : { mig: claim.mig };
      device.pods.push({ pod: allocation.pod, deployment: allocation.deployment, milli: claim.milli, memoryMiB: claim.memoryMiB, ...mig });
    }
  }
  for (const device of devices) device.pods.sort(compareBoundPods);
  return devices;
}

/** The node row with its totals derived from the node's pod allocations. */
export function summarisedNode(view: NodeView): NodeRow {
  const allocations = [...view.allocations.values()];
  return {
    ...view.row,
    allocated_cpu_milli: allocations.reduce((sum, a) => sum + a.cpu_milli, 0),
    allocated_memory_mib: allocations.reduce((sum, a) => sum + a.memory_mib, 0),
    gpu_count: view.devices.length,
    pod_count: allocations.length,
  };
}
