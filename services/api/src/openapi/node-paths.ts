import { nodeCommandSchemas } from '@keel/node-domain';
import { readList, readOne, write } from './operations';
import { type Paths } from './types';
import { bodySchema } from './zod-json';

const tag = 'nodes';
const byUrl = { fromUrl: ['name'] } as const;
const force = { name: 'force', in: 'query', description: 'deregister even while pods are bound', schema: { type: 'string', enum: ['true', 'false'] } } as const;

const action = (id: string, summary: string, schema: keyof typeof nodeCommandSchemas, bodyOptional = true) =>
  write({ id, summary, tag, named: 'node', body: bodySchema(nodeCommandSchemas[schema], byUrl), bodyOptional, status: 200, errors: ['NotFound', 'Conflict'] });

/** `/v1/nodes`: inventory of GPU nodes. */
export const nodePaths: Paths = {
  '/v1/nodes': {
    post: write({ id: 'registerNode', summary: 'Register a GPU node', tag, body: bodySchema(nodeCommandSchemas.RegisterNode), status: 201, errors: ['Conflict'] }),
    get: readList('listNodes', 'List nodes with per-GPU allocation', tag, 'Node'),
  },
  '/v1/nodes/{name}': {
    get: readOne('getNode', 'Get a node', tag, 'Node'),
    delete: write({ id: 'deregisterNode', summary: 'Deregister a node (refused while pods are bound unless `force=true`)', tag, named: 'node', query: [force], status: 200, errors: ['NotFound', 'Conflict'] }),
  },
  '/v1/nodes/{name}/labels': { put: action('updateNodeLabels', 'Replace the labels of a node', 'UpdateNodeLabels', false) },
  '/v1/nodes/{name}/taints': { put: action('updateNodeTaints', 'Replace the taints of a node', 'UpdateNodeTaints', false) },
  '/v1/nodes/{name}/cordon': { post: action('cordonNode', 'Cordon a node (no new pods)', 'CordonNode') },
  '/v1/nodes/{name}/uncordon': { post: action('uncordonNode', 'Uncordon a node', 'UncordonNode') },
  '/v1/nodes/{name}/drain': { post: action('drainNode', 'Drain a node (cordon and evict its pods)', 'DrainNode') },
  '/v1/nodes/{name}/fail': { post: action('markNodeFailed', 'Mark a node failed', 'MarkNodeFailed', false) },
  '/v1/nodes/{name}/recover': { post: action('recoverNode', 'Recover a failed node', 'RecoverNode') },
};
