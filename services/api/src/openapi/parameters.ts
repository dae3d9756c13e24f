import { type Parameter } from './types';

const text = { type: 'string' } as const;
const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` }) as const;

/** Reusable parameters, by component name. */
export const parameters: Record<string, Parameter> = {
  limit: { name: 'limit', in: 'query', description: 'page size, 1–1000 (default 100)', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  cursor: { name: 'cursor', in: 'query', description: "the previous page's `nextCursor`", schema: text },
  minCheckpoint: {
    name: 'minCheckpoint',
    in: 'query',
    description: 'read-your-writes: the `checkpoint` a write answered (`<transactionId>:<position>`); the read waits, bounded, until the read models reach it, else 503',
    schema: { type: 'string', pattern: '^\\d+:\\d+$' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    description: 'a retry with the same key and request returns the first response (header `Idempotent-Replayed: true`) and appends nothing; a different request with the same key is a 409',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
  },
  Actor: { name: 'X-Keel-Actor', in: 'header', description: 'who makes the change, recorded on every event (default `anonymous`; authentication comes later)', schema: { type: 'string', pattern: '^[A-Za-z0-9@._:\\-/]{1,128}$' } },
  CorrelationId: { name: 'X-Correlation-Id', in: 'header', description: 'correlation id recorded on the events (generated when absent)', schema: text },
};

/** The path parameter `{name}` of a resource. */
export function nameParameter(kind: string): Parameter {
  return { name: 'name', in: 'path', required: true, description: `${kind} name (DNS-1123 label)`, schema: { type: 'string', maxLength: 63 } };
}

/** A free-text query filter. */
export function queryFilter(name: string, description: string, values?: readonly string[]): Parameter {
  return { name, in: 'query', description, schema: values ? { type: 'string', enum: values } : text };
}

/** Headers every write accepts. */
export const writeHeaders = [ref('IdempotencyKey'), ref('Actor'), ref('CorrelationId')];

/** Query parameters of every collection read. */
export const pageParameters = [ref('limit'), ref('cursor'), ref('minCheckpoint')];

/** `minCheckpoint` alone, for single-resource reads. */
export const consistencyParameters = [ref('minCheckpoint')];
