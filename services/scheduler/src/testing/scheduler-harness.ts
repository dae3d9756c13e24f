import { compareCheckpoints, PostgresEventStore } from '@keel/event-store';
import { createReadModelDataSource, type PodDto, ReadModelProjector, ReadModelQueries } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { type DataSource } from 'typeorm';
import { type RunningScheduler, startScheduler } from '../start-scheduler';
import { ClusterDriver } from './cluster-driver';
import { mistral7b } from './fixtures';

/** A fresh database with the read-model projector, a command driver and scheduler instances. */
export class SchedulerHarness {
  readonly schedulers: RunningScheduler[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly store: PostgresEventStore,
    readonly driver: ClusterDriver,
    readonly projector: ReadModelProjector,
    private readonly dataSource: DataSource,
    readonly queries: ReadModelQueries,
  ) {}

  static async start(): Promise<SchedulerHarness> {
    const db = await createTestDatabase({ poolSize: 10 });
    const store = new PostgresEventStore(db.pool);
    const projector = new ReadModelProjector(store, { pollIntervalMs: 100 });
    await projector.start();
    const dataSource = await createReadModelDataSource(db.pool).initialize();
    return new SchedulerHarness(db, store, new ClusterDriver(store), projector, dataSource, new ReadModelQueries(dataSource));
  }

  /** Starts a scheduler instance on its own pool (as another process would). */
  /** A harness with one scheduler instance (`only`) and Mistral-7B registered: how most e2e specs start. */
  static async withScheduler(): Promise<{ h: SchedulerHarness; scheduler: RunningScheduler }> {
    const h = await SchedulerHarness.start();
    const scheduler = await h.scheduler('only');
    await h.driver.registerModel(mistral7b);
    return { h, scheduler };
  }

  async scheduler(instanceId: string, leaseMs = 3000): Promise<RunningScheduler> {
    const store = new PostgresEventStore(this.db.newPool(4));
    const scheduler = await startScheduler({ store, instanceId, leaseMs, pollIntervalMs: 100, onError: (e) => console.error('scheduler error', e) });
    this.schedulers.push(scheduler);
    return scheduler;
  }

  /** Waits until `scheduler` has handled `checkpoint` and the read models show what it wrote. */
  async settle(scheduler: RunningScheduler, checkpoint = this.driver.checkpoint): Promise<void> {
    await scheduler.waitFor(checkpoint, 15_000);
    const last = compareCheckpoints(scheduler.lastWrite, checkpoint) > 0 ? scheduler.lastWrite : checkpoint;
    await this.projector.waitFor(last, 15_000);
  }

  /** Pods of a deployment as `GET /v1/pods?deployment=` reads them. */
  async pods(deployment: string): Promise<readonly PodDto[]> {
    return (await this.queries.listPods({ deployment, limit: 500 })).items;
  }

  /** Milli-GPU held per device, summed over the read model of every node. */
  async deviceMilli(): Promise<number[]> {
    const { rows } = await this.db.pool.query<{ allocated_milli: number }>('SELECT allocated_milli FROM read.gpu_devices');
    return rows.map((r) => r.allocated_milli);
  }

  async close(): Promise<void> {
    for (const scheduler of this.schedulers) await scheduler.stop();
    await this.projector.stop();
    await this.dataSource.destroy();
    await this.db.drop();
  }
}
