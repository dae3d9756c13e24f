import { dnsLabel, labelMap } from '@keel/kernel';
import { z } from 'zod';
import { type FitVerdict } from '../fit';
import { type ReplicaTemplate, type DeploymentSpec } from '../types/spec';
import { schedulingConstraints } from './constraints';

/** Replicas above this are refused as absurd. */
export const MAX_REPLICAS = 1000;
const gpuModelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/, 'must be a GPU model name such as "A100-80GB" or "A100-80GB:1g.10gb"');
const count = (max: number) => z.int().min(1).max(max);

function checkGpuShape(t: ReplicaTemplate, ctx: z.RefinementCtx): void {
  const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const shared = (t.gpuMilli ?? 1000) < 1000;
  if (shared && (t.gpusPerReplica !== 1 || t.tensorParallel !== 1 || t.pipelineParallel !== 1)) {
    add('gpuMilli', 'a shared GPU (gpuMilli < 1000) needs gpusPerReplica, tensorParallel and pipelineParallel of 1');
  }
  if (shared && t.gpuMemoryMiB === undefined) add('gpuMemoryMiB', 'is required when the GPU is shared (gpuMilli < 1000)');
  if (!shared && t.gpusPerReplica !== t.tensorParallel * t.pipelineParallel) {
    add('gpusPerReplica', `must equal tensorParallel × pipelineParallel (${t.tensorParallel * t.pipelineParallel})`);
  }
  if (new Set(t.acceptableGpuModels).size !== t.acceptableGpuModels.length) add('acceptableGpuModels', 'must not repeat a GPU model');
}

/** Schema of the per-replica template, with its cross-field GPU rules. */
export const replicaTemplate: z.ZodType<ReplicaTemplate> = z
  .strictObject({
    gpusPerReplica: count(512),
    tensorParallel: count(64),
    pipelineParallel: count(64),
    acceptableGpuModels: z.array(gpuModelName).min(1).max(32),
    gpuMilli: count(1000).optional(),
    gpuMemoryMiB: count(512 * 1024).optional(),
    cpuMilli: count(1_024_000),
    memoryMiB: count(64 * 1024 * 1024),
    maxContext: count(10 * 1024 * 1024),
    maxConcurrentSequences: count(65_536),
  })
  .superRefine(checkGpuShape);

/** Schema of the fit verdict (extra report fields are allowed and dropped). */
export const fitVerdict: z.ZodType<FitVerdict> = z.object({
  model: z.string(),
  tensorParallel: z.int(),
  pipelineParallel: z.int(),
  message: z.string(),
  candidates: z.array(z.object({ gpuModel: z.string(), fits: z.boolean(), message: z.string() })),
});

/** Fields shared by create and update. The fit verdict is a report, so extra fields in it are allowed. */
export const specShape = {
  name: dnsLabel,
  model: dnsLabel,
  runtime: z.enum(['vllm', 'tgi', 'llama.cpp', 'text-generation-webui']),
  template: replicaTemplate,
  scheduling: schedulingConstraints.optional(),
  priority: z.int().min(-2_147_483_648).max(1_000_000_000).optional(),
  labels: labelMap.optional(),
  fit: fitVerdict,
} satisfies Record<keyof DeploymentSpec | 'name' | 'fit', z.ZodType>;
