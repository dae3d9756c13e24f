import { type FieldIssue } from '@keel/kernel';
import { migMemoryMiB, migShareMilli, parseMigProfile } from './mig';
import { type ActiveNode } from './state';
import { type DeviceClaim, type GpuDevice, type PodAllocation } from './types';

/** What is in use on one device. */
export interface DeviceUsage {
  readonly milli: number;
  readonly memoryMiB: number;
  /** MIG instance indexes held by pods. */
  readonly migInstances: readonly number[];
}

function claimsOn(node: ActiveNode, index: number): DeviceClaim[] {
  return Object.values(node.pods).flatMap((pod) => pod.devices.filter((claim) => claim.index === index));
}

/** Sum of what bound pods hold on device `index`. */
export function deviceUsage(node: ActiveNode, index: number): DeviceUsage {
  const claims = claimsOn(node, index);
  return {
    milli: claims.reduce((sum, c) => sum + c.milli, 0),
    memoryMiB: claims.reduce((sum, c) => sum + c.memoryMiB, 0),
    migInstances: claims.flatMap((c) => (c.mig === undefined ? [] : [c.mig])),
  };
}

/** CPU and memory held by bound pods. */
export function hostUsage(node: ActiveNode): { readonly cpuMilli: number; readonly memoryMiB: number } {
  const pods = Object.values(node.pods);
  return {
    cpuMilli: pods.reduce((sum, p) => sum + p.cpuMilli, 0),
    memoryMiB: pods.reduce((sum, p) => sum + p.memoryMiB, 0),
  };
}

function migClaimProblems(device: GpuDevice, claim: DeviceClaim, usage: DeviceUsage): string[] {
  const layout = device.mig ?? [];
  if (layout.length === 0) return claim.mig === undefined ? [] : [`device ${device.index} is not MIG-partitioned`];
  if (claim.mig === undefined) return [`device ${device.index} is MIG-partitioned; name an instance 0..${layout.length - 1}`];
  const name = layout[claim.mig];
  const profile = name === undefined ? undefined : parseMigProfile(name);
  if (!profile) return [`device ${device.index} has no MIG instance ${claim.mig}`];
  if (usage.migInstances.includes(claim.mig)) return [`MIG instance ${claim.mig} (${name}) of device ${device.index} is taken`];
  const problems: string[] = [];
  if (claim.milli > migShareMilli(profile)) problems.push(`MIG instance ${name} offers ${migShareMilli(profile)} milli-GPU, ${claim.milli} requested`);
  if (claim.memoryMiB > migMemoryMiB(profile)) problems.push(`MIG instance ${name} offers ${migMemoryMiB(profile)} MiB, ${claim.memoryMiB} requested`);
  return problems;
}

function claimProblems(node: ActiveNode, claim: DeviceClaim): string[] {
  const device = node.devices[claim.index];
  if (!device) return [`node ${node.name} has no GPU device ${claim.index}`];
  const usage = deviceUsage(node, claim.index);
  const problems = migClaimProblems(device, claim, usage);
  const freeMilli = 1000 - usage.milli;
  const freeMemory = device.memoryMiB - usage.memoryMiB;
  if (claim.milli > freeMilli) problems.push(`device ${claim.index} has ${freeMilli} milli-GPU free, ${claim.milli} requested`);
  if (claim.memoryMiB > freeMemory) problems.push(`device ${claim.index} has ${freeMemory} MiB free, ${claim.memoryMiB} requested`);
  return problems;
}

/** The GPU model a claim lands on: the device's model, or `<model>:<profile>` for a MIG instance. */
export function claimedGpuModel(node: ActiveNode, claim: DeviceClaim): string | undefined {
  const device = node.devices[claim.index];
  const profile = claim.mig === undefined ? undefined : device?.mig?.[claim.mig];
  return device && (profile === undefined ? device.model : `${device.model}:${profile}`);
}

function modelProblems(node: ActiveNode, claim: DeviceClaim, gpuModel: string | undefined): string[] {
  const actual = claimedGpuModel(node, claim);
  if (gpuModel === undefined || actual === undefined || actual === gpuModel) return [];
  return [`device ${claim.index} is ${actual}, not ${gpuModel}`];
}

/** Why `allocation` does not fit on `node` right now; empty when it fits. */
export function allocationProblems(node: ActiveNode, allocation: Omit<PodAllocation, 'pod' | 'deployment'> & { readonly gpuModel?: string }): FieldIssue[] {
  const issues: FieldIssue[] = allocation.devices.flatMap((claim, i) =>
    [...modelProblems(node, claim, allocation.gpuModel), ...claimProblems(node, claim)].map((reason) => ({ path: `devices[${i}]`, reason })),
  );
  const host = hostUsage(node);
  const freeCpu = node.cpuMilli - host.cpuMilli;
  const freeMemory = node.memoryMiB - host.memoryMiB;
  if (allocation.cpuMilli > freeCpu) issues.push({ path: 'cpuMilli', reason: `${freeCpu} milli-CPU free, ${allocation.cpuMilli} requested` });
  if (allocation.memoryMiB > freeMemory) issues.push({ path: 'memoryMiB', reason: `${freeMemory} MiB free, ${allocation.memoryMiB} requested` });
  return issues;
}
