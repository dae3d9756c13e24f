import { z } from 'zod';
import { affinitySchema, taintSchema, tolerationSchema, topologySpreadSchema } from './k8s-schema';

const quantity = z.number().int().min(0);

const gpuDevice = z.strictObject({
  model: z.string().min(1),
  memoryMiB: quantity,
  count: z.number().int().min(1).optional(),
  mig: z.array(z.string().min(1)).optional(),
});

/** A node of `cluster.json`. `gpus` lists devices, or shorthands with `count`. */
export const nodeInputSchema = z.strictObject({
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()).default({}),
  taints: z.array(taintSchema).default([]),
  unschedulable: z.boolean().default(false),
  cpuMilli: quantity,
  memoryMiB: quantity,
  gpus: z.array(gpuDevice).default([]),
});

/** A pod of `cluster.json`; with `nodeName` it is already running there. */
export const podInputSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  labels: z.record(z.string(), z.string()).default({}),
  priority: z.number().int().default(0),
  cpuMilli: quantity.default(0),
  memoryMiB: quantity.default(0),
  gpu: z
    .strictObject({
      count: z.number().int().min(0),
      milli: z.number().int().min(1).max(1000).optional(),
      models: z.array(z.string().min(1)).optional(),
      memoryMiB: quantity.optional(),
      migProfile: z.string().min(1).optional(),
    })
    .optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z.array(tolerationSchema).optional(),
  affinity: affinitySchema.optional(),
  topologySpreadConstraints: z.array(topologySpreadSchema).optional(),
  nodeName: z.string().min(1).optional(),
  gpuIndices: z.array(z.number().int().min(0)).optional(),
  gang: z.string().min(1).optional(),
  startTime: z.number().optional(),
});

/** The whole `keel simulate --input cluster.json` document. */
export const simulateInputSchema = z.strictObject({
  nodes: z.array(nodeInputSchema),
  pods: z.array(podInputSchema).default([]),
  seed: z.number().int().default(42),
});

/** Parsed (defaults applied) input. */
export type SimulateInput = z.output<typeof simulateInputSchema>;
/** Parsed node. */
export type NodeInput = z.output<typeof nodeInputSchema>;
/** Parsed pod. */
export type PodInput = z.output<typeof podInputSchema>;
