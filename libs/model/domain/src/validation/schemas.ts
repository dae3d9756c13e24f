import { z } from 'zod';
import { type ModelCommand } from '../commands';
import { DTYPES, type ModelFacts } from '../types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes DNS-1123 label (model names are ids in URLs and pod labels). */
export const dnsLabel = z.string().max(63, 'must be at most 63 characters').regex(DNS1123_LABEL, 'must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending alphanumeric)');

const count = (max: number) => z.int().min(1).max(max);

/** Schema of `RegisterModel` data (the model facts). */
export const modelFactsSchema: z.ZodType<ModelFacts> = z
  .strictObject({
    name: dnsLabel,
    displayName: z.string().min(1).max(128).optional(),
    parametersBillions: z.number().positive().max(10_000),
    dtype: z.enum(DTYPES as [ModelFacts['dtype'], ...ModelFacts['dtype'][]]),
    layers: count(1024),
    attentionHeads: count(1024),
    kvHeads: count(1024),
    headDim: count(1024),
    maxContext: count(10 * 1024 * 1024),
    architecture: z.enum(['dense', 'moe']).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.attentionHeads % m.kvHeads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['kvHeads'], message: `must divide attentionHeads (${m.attentionHeads})` });
    }
  });

type DataOf<K extends ModelCommand['type']> = Extract<ModelCommand, { type: K }>['data'];

/** One zod schema per model command, keyed by command type. */
export const modelCommandSchemas: { readonly [K in ModelCommand['type']]: z.ZodType<DataOf<K>> } = {
  RegisterModel: modelFactsSchema,
  DeprecateModel: z.strictObject({ name: dnsLabel, reason: z.string().min(1).max(1024).optional() }),
};
