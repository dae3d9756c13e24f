import { dnsLabel, labelKey, labelMap, labelValue } from '@keel/kernel';
import { z } from 'zod';
import { migLayoutProblems } from '../mig';
import { type AssignPodData, type RegisterNodeData } from '../commands';
import { type DeviceClaim, type GpuDeviceSpec, type Taint } from '../types';

const MAX_CPU_MILLI = 1_024_000; // 1024 cores
const MAX_MEMORY_MIB = 64 * 1024 * 1024; // 64 TiB
const MAX_GPU_MEMORY_MIB = 512 * 1024;
const MAX_DEVICES = 16;

const positiveInt = (max: number) => z.int().positive().max(max);
const nonNegativeInt = (max: number) => z.int().nonnegative().max(max);

/** A GPU model name such as `A100-80GB` or `H100-80GB`. */
export const gpuModelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be a GPU model name such as "A100-80GB"');

/** Schema of a core/v1 taint. */
export const taintSchema: z.ZodType<Taint> = z.strictObject({
  key: labelKey,
  value: labelValue.optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

/** Schema of one GPU device, MIG layout checked arithmetically. */
export const gpuDeviceSchema: z.ZodType<GpuDeviceSpec> = z
  .strictObject({
    model: gpuModelName,
    memoryMiB: positiveInt(MAX_GPU_MEMORY_MIB),
    mig: z.array(z.string()).max(7).optional(),
  })
  .superRefine((device, ctx) => {
    for (const message of migLayoutProblems(device.mig ?? [], device.memoryMiB)) {
      ctx.addIssue({ code: 'custom', path: ['mig'], message });
    }
  });

/** Schema of `RegisterNode` data. */
export const registerNodeSchema: z.ZodType<RegisterNodeData> = z.strictObject({
  name: dnsLabel,
  zone: labelValue.min(1, 'must not be empty'),
  labels: labelMap.optional(),
  taints: z.array(taintSchema).max(64).optional(),
  cpuMilli: positiveInt(MAX_CPU_MILLI),
  memoryMiB: positiveInt(MAX_MEMORY_MIB),
  devices: z.array(gpuDeviceSchema).max(MAX_DEVICES),
});

/** Schema of one device claim in `AssignPod`. */
export const deviceClaimSchema: z.ZodType<DeviceClaim> = z.strictObject({
  index: nonNegativeInt(MAX_DEVICES - 1),
  milli: positiveInt(1000),
  memoryMiB: nonNegativeInt(MAX_GPU_MEMORY_MIB),
  mig: nonNegativeInt(6).optional(),
});

/** Schema of `AssignPod` data; a device may be claimed once. */
export const assignPodSchema: z.ZodType<AssignPodData> = z
  .strictObject({
    node: dnsLabel,
    pod: dnsLabel,
    deployment: dnsLabel,
    devices: z.array(deviceClaimSchema).max(MAX_DEVICES),
    cpuMilli: nonNegativeInt(MAX_CPU_MILLI),
    memoryMiB: nonNegativeInt(MAX_MEMORY_MIB),
    gpuModel: z.string().min(1).max(80).optional(),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<number>();
    data.devices.forEach((claim, i) => {
      if (seen.has(claim.index)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'index'], message: `device ${claim.index} is claimed twice` });
      seen.add(claim.index);
    });
  });

/** Schema of data that only names a node. */
export const nodeRefSchema = z.strictObject({ name: dnsLabel });
/** A human reason (drain, failure). */
export const reasonSchema = z.string().min(1, 'must not be empty').max(1024);
