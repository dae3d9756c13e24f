import { simulateRequestSchema } from '../scheduling/simulate-request';
import { errors, ok } from './responses';
import { type JsonSchema, type Paths } from './types';
import { bodySchema } from './zod-json';

const str: JsonSchema = { type: 'string' };
const obj = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', required: Object.keys(properties), properties });

/** `keel simulate --json` output. */
const simulateResult: JsonSchema = obj({
  placements: { type: 'array', items: obj({ pod: str, node: str, gpus: { type: 'array', items: { type: 'integer' } } }) },
  unschedulable: {
    type: 'array',
    items: obj({ pod: str, message: { type: 'string', examples: ['0/5 nodes are available: 3 Insufficient GPU memory, 2 node(s) had untolerated taint {nvidia.com/gpu: present}.'] }, reasons: { type: 'object', additionalProperties: { type: 'integer' } } }),
  },
  preemptions: { type: 'array', items: obj({ victim: str, by: str, node: str }) },
});

const DESCRIPTION = [
  'Runs the What-if simulator (`keel simulate --input … --json`, the live scheduler\'s plugins and default profile) on the live cluster',
  '(every active node, every Bound pod on the devices it holds) plus the hypothetical `pods` and extra `nodes` of the body, in the CLI format.',
  'Pods without `nodeName` are scheduled in input order; their namespace defaults to `keel`, the namespace of every live pod.',
  'Changes nothing and appends no event; preemptions name live pods that would be evicted.',
].join(' ');

/** `/v1/scheduling/simulate`. */
export const schedulingPaths: Paths = {
  '/v1/scheduling/simulate': {
    post: {
      operationId: 'simulateScheduling',
      summary: 'What-if: place hypothetical pods on the live cluster (plus hypothetical nodes), changing nothing',
      description: DESCRIPTION,
      tags: ['scheduling'],
      parameters: [{ $ref: '#/components/parameters/minCheckpoint' }],
      requestBody: { required: true, content: { 'application/json': { schema: bodySchema(simulateRequestSchema) } } },
      responses: { 200: ok('the simulated placements, pending reasons and preemptions', simulateResult), ...errors('BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType', 'NotCaughtUp') },
    },
  },
};
