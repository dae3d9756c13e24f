/**
 * Rebuild throughput: `npx jest libs/read-models/src/rebuild.bench.ts --testMatch='**\/*.bench.ts'` with
 * BENCH_EVENTS (default 200000). Not a unit test (the pattern is *.bench.ts); it prints events/s.
 */
import { PostgresEventStore } from '@keel/event-store';
import { createTestDatabase } from '@keel/testing';
import { rebuildReadModels } from './rebuild';
import { seedClusterLog } from './seed/seed-cluster-log';

it('measures rebuildReadModels', async () => {
  const db = await createTestDatabase();
  try {
    const target = Number(process.env.BENCH_EVENTS ?? 200_000);
    const seedStart = performance.now();
    const seeded = await seedClusterLog(new PostgresEventStore(db.pool, { notify: false }), { events: target });
    const seedMs = performance.now() - seedStart;
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(await rebuildReadModels(db.pool));
    const best = runs.reduce((a, b) => (a.durationMs < b.durationMs ? a : b));
    const perSec = Math.round(best.events / (best.durationMs / 1000));
    console.log(JSON.stringify({ seeded, seedMs: Math.round(seedMs), rebuildMs: runs.map((r) => Math.round(r.durationMs)), rebuildEventsPerSec: perSec }));
    expect(best.events).toBe(seeded);
  } finally {
    await db.drop();
  }
}, 600_000);
