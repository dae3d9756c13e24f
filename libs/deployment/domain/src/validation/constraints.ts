import { isQualifiedName, labelKey, labelMap, labelValue } from '@keel/kernel';
import { z } from 'zod';
import type * as k8s from '../types/scheduling';
import { affinity, labelSelector } from './scheduling';

/** core/v1 Toleration with the API server's cross-field rules. */
export const toleration: z.ZodType<k8s.Toleration> = z
  .strictObject({
    key: z.string().refine((k) => k === '' || isQualifiedName(k), 'must be empty or a qualified name such as "nvidia.com/gpu"').optional(),
    operator: z.enum(['Exists', 'Equal']).optional(),
    value: labelValue.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    tolerationSeconds: z.int().optional(),
  })
  .superRefine((t, ctx) => {
    if (!t.key && t.operator !== 'Exists') ctx.addIssue({ code: 'custom', path: ['operator'], message: 'must be Exists when key is empty' });
    if (t.operator === 'Exists' && t.value) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be empty when operator is Exists' });
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      ctx.addIssue({ code: 'custom', path: ['effect'], message: 'must be NoExecute when tolerationSeconds is set' });
    }
  });

/** core/v1 TopologySpreadConstraint with the API server's rules (`matchLabelKeys` refused: the scheduler does not evaluate it). */
export const topologySpreadConstraint: z.ZodType<k8s.TopologySpreadConstraint> = z
  .strictObject({
    maxSkew: z.int().min(1).max(1000),
    topologyKey: labelKey,
    whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
    labelSelector: labelSelector.optional(),
    minDomains: z.int().min(1).max(1000).optional(),
    nodeAffinityPolicy: z.enum(['Honor', 'Ignore']).optional(),
    nodeTaintsPolicy: z.enum(['Honor', 'Ignore']).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.minDomains !== undefined && c.whenUnsatisfiable !== 'DoNotSchedule') {
      ctx.addIssue({ code: 'custom', path: ['minDomains'], message: 'may only be set when whenUnsatisfiable is DoNotSchedule' });
    }
  });

/** The pod-spec scheduling fields. Two spread constraints may not share topologyKey and whenUnsatisfiable. */
export const schedulingConstraints: z.ZodType<k8s.SchedulingConstraints> = z
  .strictObject({
    nodeSelector: labelMap.optional(),
    tolerations: z.array(toleration).max(64).optional(),
    affinity: affinity.optional(),
    topologySpreadConstraints: z.array(topologySpreadConstraint).max(16).optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    (s.topologySpreadConstraints ?? []).forEach((c, i) => {
      const key = `${c.topologyKey}|${c.whenUnsatisfiable}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['topologySpreadConstraints', i], message: 'duplicate topologyKey and whenUnsatisfiable pair' });
      seen.add(key);
    });
  });
