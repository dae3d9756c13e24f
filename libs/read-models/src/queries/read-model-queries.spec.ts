import { PostgresEventStore } from '@keel/event-store';
import { DomainError } from '@keel/kernel';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { type DataSource } from 'typeorm';
import { createReadModelDataSource } from '../data-source';
import { ReadModelProjector } from '../read-model-projector';
import { runScenario } from '../testing/scenario';
import { TestCluster } from '../testing/test-cluster';
import { ReadModelQueries } from './read-model-queries';

let db: TestDatabase;
let dataSource: DataSource;
let queries: ReadModelQueries;

beforeAll(async () => {
  db = await createTestDatabase();
  const store = new PostgresEventStore(db.pool);
  const projector = new ReadModelProjector(store, { pollIntervalMs: 20 });
  await projector.start();
  const cluster = new TestCluster(store);
  await runScenario(cluster);
  await projector.waitFor(cluster.checkpoint);
  await projector.stop();
  dataSource = await createReadModelDataSource(db.pool).initialize();
  queries = new ReadModelQueries(dataSource);
});
afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

describe('ReadModelQueries', () => {
  it('pages through nodes by name with an opaque cursor', async () => {
    const first = await queries.listNodes({ limit: 3 });
    expect(first.items.map((n) => n.name)).toEqual(['gpu-node-01', 'gpu-node-02', 'gpu-node-03']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await queries.listNodes({ limit: 3, cursor: first.nextCursor as string });
    expect(second).toMatchObject({ items: [{ name: 'gpu-node-04' }], nextCursor: null });
    expect((await queries.listNodes({ limit: 4 })).nextCursor).toBeNull();
  });

  it('shows a node with per-device allocation and the pods on each device', async () => {
    const node = await queries.getNode('gpu-node-02');
    expect(node).toMatchObject({
      zone: 'us-east-1b', labels: { rack: 'r7' }, unschedulable: false, condition: 'Ready', state: 'Active', podCount: 2,
      allocatedCpuMilli: 8000, allocatedMemoryMiB: 65_536, cpuMilli: 64_000,
    });
    expect(node?.gpus.map((g) => [g.index, g.allocatedMilli, g.freeMilli, g.pods.map((p) => p.pod)])).toEqual([
      [0, 1000, 0, ['llama-1']],
      [1, 1000, 0, ['llama-1']],
      [2, 500, 500, ['mistral-0']],
      [3, 0, 1000, []],
    ]);
    expect(node?.gpus[2]).toMatchObject({ allocatedMemoryMiB: 20_480, freeMemoryMiB: 81_920 - 20_480 });
    expect(await queries.getNode('gpu-node-04')).toMatchObject({ unschedulable: true, condition: 'Ready', conditionReason: null, gpus: [{ mig: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'] }] });
    expect(await queries.getNode('nope')).toBeNull();
  });

  it('lists models and shows deprecation', async () => {
    const { items } = await queries.listModels({ limit: 10 });
    expect(items.map((m) => m.name)).toEqual(['llama-2-70b', 'mistral-7b']);
    expect(await queries.getModel('mistral-7b')).toMatchObject({ displayName: 'Mistral-7B', dtype: 'gptq', parametersBillions: 7.2, deprecated: true, deprecationReason: 'superseded', version: 2 });
    expect(await queries.getModel('llama-2-70b')).toMatchObject({ deprecated: false, deprecationReason: null, kvHeads: 8, architecture: 'dense' });
  });

  it('counts desired, scheduled and pending replicas, and hides deleted deployments unless asked', async () => {
    const { items } = await queries.listDeployments();
    expect(items.map((d) => [d.name, d.desiredReplicas, d.scheduledReplicas, d.pendingReplicas, d.boundPods])).toEqual([
      ['llama', 3, 2, 1, 2],
      ['mistral', 2, 1, 1, 1],
    ]);
    expect(await queries.getDeployment('scratch')).toBeNull();
    expect(await queries.getDeployment('scratch', { includeDeleted: true })).toMatchObject({ deleted: true, desiredReplicas: 0, podCount: 0 });
    const all = await queries.listDeployments({ includeDeleted: true, limit: 2 });
    expect(all.items.map((d) => d.name)).toEqual(['llama', 'mistral']);
    expect((await queries.listDeployments({ includeDeleted: true, cursor: all.nextCursor as string })).items.map((d) => d.name)).toEqual(['scratch']);
    expect(await queries.getDeployment('llama')).toMatchObject({ model: 'llama-2-70b', runtime: 'vllm', revision: 1, priority: 1000, fittingGpuModels: ['A100-80GB', 'H100-80GB'], spec: { template: { tensorParallel: 2 } } });
  });

  it('filters pods by deployment, phase and node, and pages through them', async () => {
    const names = async (filter: Parameters<ReadModelQueries['listPods']>[0]) => (await queries.listPods(filter)).items.map((p) => p.name);
    expect(await names({ deployment: 'llama' })).toEqual(['llama-0', 'llama-1', 'llama-2']);
    expect(await names({ phase: 'Pending' })).toEqual(['llama-2', 'mistral-1']);
    expect(await names({ deployment: 'mistral', phase: 'Bound' })).toEqual(['mistral-0']);
    expect(await names({ node: 'gpu-node-02' })).toEqual(['llama-1', 'mistral-0']);
    const first = await queries.listPods({ limit: 2 });
    const second = await queries.listPods({ limit: 2, cursor: first.nextCursor as string });
    const third = await queries.listPods({ limit: 2, cursor: second.nextCursor as string });
    expect([...first.items, ...second.items, ...third.items].map((p) => p.name)).toEqual(['llama-0', 'llama-1', 'llama-2', 'mistral-0', 'mistral-1']);
    expect(third.nextCursor).toBeNull();
    expect(await queries.getPod('llama-0')).toMatchObject({
      deployment: 'llama', ordinal: 0, stage: 0, phase: 'Bound', node: 'gpu-node-03', gpuModel: 'H100-80GB', pendingReason: null,
      devices: [{ index: 0, milli: 1000 }, { index: 1, milli: 1000 }], request: { gpus: 2, priority: 1000 }, priority: 1000,
    });
    expect(await queries.getPod('llama-2')).toMatchObject({ phase: 'Pending', node: null, devices: [], pendingReason: 'not scheduled yet' });
    expect(await queries.getPod('scratch-0')).toBeNull();
  });

  it('sums capacity by GPU model and zone over registered nodes', async () => {
    const capacity = await queries.clusterCapacity();
    expect(capacity.items.map((c) => [c.gpuModel, c.zone, c.nodes, c.totalGpus, c.allocatedGpus, c.freeGpus, c.idleGpus, c.unschedulableGpus])).toEqual([
      ['A100-80GB', 'us-east-1a', 1, 4, 0, 4, 4, 0],
      ['A100-80GB', 'us-east-1b', 2, 5, 2.5, 2.5, 2, 1],
      ['H100-80GB', 'us-east-1a', 1, 2, 2, 0, 0, 0],
      ['L4', 'us-east-1a', 1, 1, 0, 1, 1, 0],
    ]);
    expect(capacity.items[1]).toMatchObject({ totalMemoryMiB: 5 * 81_920, allocatedMemoryMiB: 2 * 81_920 + 20_480, freeMemoryMiB: 3 * 81_920 - 20_480 });
    expect(capacity.total).toMatchObject({ nodes: 4, totalGpus: 12, allocatedGpus: 4.5, freeGpus: 7.5, idleGpus: 7, unschedulableGpus: 1 });
  });

  it('returns plain JSON objects, not entities', async () => {
    const node = await queries.getNode('gpu-node-01');
    expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(node))).toEqual(node);
  });

  it.each([
    ['a limit of 0', { limit: 0 }],
    ['a limit above 1000', { limit: 1001 }],
    ['a fractional limit', { limit: 2.5 }],
    ['a cursor that is not base64 JSON', { cursor: '%%%' }],
    ['a cursor of another shape', { cursor: Buffer.from('{"a":1}').toString('base64url') }],
  ])('refuses %s with a Validation error', async (_name, page) => {
    await expect(queries.listModels(page)).rejects.toMatchObject({ code: 'Validation' });
    await expect(queries.listModels(page)).rejects.toBeInstanceOf(DomainError);
  });
});
