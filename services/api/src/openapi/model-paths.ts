import { modelCommandSchemas } from '@keel/model-domain';
import { readList, readOne, write } from './operations';
import { type Paths } from './types';
import { bodySchema } from './zod-json';

const tag = 'models';

/** `/v1/models`: models with the facts that decide GPU fit. */
export const modelPaths: Paths = {
  '/v1/models': {
    post: write({ id: 'registerModel', summary: 'Register a model (parameters, dtype, layers, heads, KV heads, head dim, max context)', tag, body: bodySchema(modelCommandSchemas.RegisterModel), status: 201, errors: ['Conflict'] }),
    get: readList('listModels', 'List models', tag, 'Model'),
  },
  '/v1/models/{name}': { get: readOne('getModel', 'Get a model', tag, 'Model') },
  '/v1/models/{name}/deprecate': {
    post: write({ id: 'deprecateModel', summary: 'Deprecate a model', tag, named: 'model', body: bodySchema(modelCommandSchemas.DeprecateModel, { fromUrl: ['name'] }), bodyOptional: true, status: 200, errors: ['NotFound', 'Conflict'] }),
  },
};
