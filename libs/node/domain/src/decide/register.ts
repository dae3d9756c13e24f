import { DomainError } from '@keel/kernel';
import { type RegisterNodeData } from '../commands';
import { type NodeRegistered } from '../events';
import { type NodeState } from '../state';

/** Register a node (again, if it was deregistered); `Conflict` while it is registered. */
export function decideRegister(data: RegisterNodeData, state: NodeState): NodeRegistered[] {
  if (state.status === 'Active') throw new DomainError('Conflict', `node ${data.name} already exists`);
  return [
    {
      type: 'NodeRegistered',
      data: {
        name: data.name,
        zone: data.zone,
        labels: data.labels ?? {},
        taints: data.taints ?? [],
        cpuMilli: data.cpuMilli,
        memoryMiB: data.memoryMiB,
        devices: data.devices.map((device, index) => ({ index, ...device })),
      },
    },
  ];
}
