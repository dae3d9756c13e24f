import { compareCheckpoints } from '@keel/event-store';
import { type ClusterCapacityDto, type DeploymentDto, type Page } from '@keel/read-models';
import { errorCode, errorMessage, KeelClient } from './client';
import { DEMO_NODES, NODES_BEING_ADDED } from './cluster';
import { DEMO_DEPLOYMENTS } from './deployments';
import { DEMO_MODELS } from './models';
import { capacityTable, deploymentTable } from './tables';

/** What the demo did, for callers that want more than the printout. */
export interface DemoResult {
  readonly applied: number;
  readonly unchanged: number;
  readonly refused: readonly string[];
  readonly checkpoint: string | undefined;
}

/** 409s that mean "this is already so" (a previous demo run did it). */
const ALREADY = new Set(['Conflict', 'IllegalState', 'IdempotencyKeyReused']);

/**
 * Loads the product brief's example cluster, models and deployments through the REST API at `baseUrl`,
 * idempotently (an `Idempotency-Key` per resource; "already exists" is fine), then prints the cluster
 * capacity and deployment tables read at the last write's checkpoint.
 */
export async function runDemo(baseUrl: string, print: (line: string) => void): Promise<DemoResult> {
  const client = new KeelClient(baseUrl.replace(/\/+$/, ''));
  await client.get('/healthz');
  let checkpoint: string | undefined;
  let applied = 0;
  let unchanged = 0;
  const refused: string[] = [];

  const write = async (label: string, key: string, method: string, path: string, body?: unknown): Promise<void> => {
    const { status, body: answer, replayed } = await client.send(method, path, body, { 'idempotency-key': `keel-demo-v1:${key}` });
    if (status === 200 || status === 201) {
      const response = answer as { checkpoint: string; events: string[] };
      if (!checkpoint || compareCheckpoints(response.checkpoint, checkpoint) > 0) checkpoint = response.checkpoint;
      const changed = !replayed && response.events.length > 0;
      if (changed) applied += 1;
      else unchanged += 1;
      print(`  ${label}: ${changed ? response.events.join(', ') : 'already done'}`);
    } else if (status === 409 && ALREADY.has(errorCode(answer) ?? '')) {
      unchanged += 1;
      print(`  ${label}: already done (${errorMessage(answer)})`);
    } else if (status === 422) {
      refused.push(label);
      print(`  ${label}: refused by the fit check — ${errorMessage(answer)}`);
    } else {
      throw new Error(`${method} ${path} answered ${status}: ${errorMessage(answer)}`);
    }
  };

  print(`Loading the example cluster into ${baseUrl}`);
  for (const node of DEMO_NODES) await write(`node ${node.name}`, `node:${node.name}`, 'POST', '/v1/nodes', node);
  for (const name of NODES_BEING_ADDED) await write(`node ${name} (being added)`, `cordon:${name}`, 'POST', `/v1/nodes/${name}/cordon`);
  for (const model of DEMO_MODELS) await write(`model ${model.name}`, `model:${model.name}`, 'POST', '/v1/models', model);
  for (const deployment of DEMO_DEPLOYMENTS) await write(`deployment ${deployment.name}`, `deployment:${deployment.name}`, 'POST', '/v1/deployments', deployment);

  const at = checkpoint ? `minCheckpoint=${encodeURIComponent(checkpoint)}` : '';
  const capacity = await client.get<ClusterCapacityDto>(`/v1/cluster?${at}`);
  const deployments = await client.get<Page<DeploymentDto>>(`/v1/deployments?limit=1000&${at}`);
  print('');
  print('Cluster capacity (GET /v1/cluster)');
  print(capacityTable(capacity));
  print('');
  print('Deployments (GET /v1/deployments)');
  print(deploymentTable(deployments.items.filter((d) => !d.deleted)));
  return { applied, unchanged, refused, checkpoint };
}
