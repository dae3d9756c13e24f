import { labelKey, labelMap, labelValue } from '@keel/kernel';
import { z } from 'zod';
import type * as k8s from '../types/scheduling';

const values = z.array(labelValue).max(256);
const weight = z.int().min(1).max(100);

type Requirement = { readonly operator: string; readonly values?: readonly string[] };

/** The values rules of meta/v1 and core/v1 selector requirements. */
function checkValues(req: Requirement, ctx: z.RefinementCtx): void {
  const count = req.values?.length ?? 0;
  const add = (message: string) => ctx.addIssue({ code: 'custom', path: ['values'], message });
  if ((req.operator === 'In' || req.operator === 'NotIn') && count === 0) add(`must be non-empty for operator ${req.operator}`);
  if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && count > 0) add(`must be empty for operator ${req.operator}`);
  if ((req.operator === 'Gt' || req.operator === 'Lt') && (count !== 1 || !/^-?\d+$/.test(req.values?.[0] ?? ''))) {
    add(`must be exactly one integer for operator ${req.operator}`);
  }
}

/** Schema of core/v1 NodeSelectorRequirement. */
export const nodeSelectorRequirement: z.ZodType<k8s.NodeSelectorRequirement> = z
  .strictObject({ key: labelKey, operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']), values: values.optional() })
  .superRefine(checkValues);

/**
 * Schema of core/v1 NodeSelectorTerm. `matchFields` is refused as an unknown field: the scheduler does
 * not evaluate it, and accepting then ignoring it would place pods where Kubernetes would not.
 */
export const nodeSelectorTerm: z.ZodType<k8s.NodeSelectorTerm> = z.strictObject({
  matchExpressions: z.array(nodeSelectorRequirement).max(64).optional(),
});

/** Schema of core/v1 NodeAffinity. */
export const nodeAffinity: z.ZodType<k8s.NodeAffinity> = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1).max(64) }).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, preference: nodeSelectorTerm })).max(64).optional(),
});

/** Schema of meta/v1 LabelSelector. */
export const labelSelector: z.ZodType<k8s.LabelSelector> = z.strictObject({
  matchLabels: labelMap.optional(),
  matchExpressions: z
    .array(z.strictObject({ key: labelKey, operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: values.optional() }).superRefine(checkValues))
    .max(64)
    .optional(),
});

/** Schema of core/v1 PodAffinityTerm (`matchLabelKeys`/`mismatchLabelKeys` refused: the scheduler does not evaluate them). */
export const podAffinityTerm: z.ZodType<k8s.PodAffinityTerm> = z.strictObject({
  labelSelector: labelSelector.optional(),
  topologyKey: labelKey,
});

/** Schema of core/v1 PodAffinity / PodAntiAffinity. */
export const podAffinity: z.ZodType<k8s.PodAffinity> = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).max(64).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, podAffinityTerm })).max(64).optional(),
});

/** Schema of core/v1 Affinity. */
export const affinity: z.ZodType<k8s.Affinity> = z.strictObject({
  nodeAffinity: nodeAffinity.optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});
