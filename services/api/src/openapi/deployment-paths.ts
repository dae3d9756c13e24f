import { deploymentCommandSchemas } from '@keel/deployment-domain';
import { readList, readOne, write } from './operations';
import { type Paths } from './types';
import { bodySchema } from './zod-json';

const tag = 'deployments';
const FIT = 'Keel computes the fit verdict from the model and template (do not send `fit`); a model that fits no acceptable GPU is refused with 422 and the arithmetic.';

/** `/v1/deployments`: create, update (new revision), scale, delete. */
export const deploymentPaths: Paths = {
  '/v1/deployments': {
    post: write({
      id: 'createDeployment', summary: 'Create a deployment with its initial replicas', description: FIT, tag, status: 201, errors: ['Conflict', 'FitFailure'],
      body: bodySchema(deploymentCommandSchemas.CreateDeployment, { omit: ['fit'] }),
    }),
    get: readList('listDeployments', 'List deployments (desired / scheduled / pending replicas)', tag, 'Deployment'),
  },
  '/v1/deployments/{name}': {
    get: readOne('getDeployment', 'Get a deployment', tag, 'Deployment'),
    put: write({
      id: 'updateDeployment', summary: 'Update a deployment (new revision; replicas change only through scale)', description: FIT, tag, named: 'deployment', status: 200,
      errors: ['NotFound', 'Conflict', 'FitFailure'], body: bodySchema(deploymentCommandSchemas.UpdateDeployment, { omit: ['fit'], fromUrl: ['name'] }),
    }),
    delete: write({ id: 'deleteDeployment', summary: 'Delete a deployment and its pods', tag, named: 'deployment', status: 200, errors: ['NotFound', 'Conflict'] }),
  },
  '/v1/deployments/{name}/scale': {
    post: write({
      id: 'scaleDeployment', summary: 'Scale a deployment (pods `<deployment>-<ordinal>`; scale-down removes the highest ordinals)', tag, named: 'deployment', status: 200,
      errors: ['NotFound', 'Conflict'], body: bodySchema(deploymentCommandSchemas.ScaleDeployment, { fromUrl: ['name'] }),
    }),
  },
};
