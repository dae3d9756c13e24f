import { benchScheduler } from './bench-scheduler';

describe('benchScheduler (smoke, not timed)', () => {
  it('schedules both phases on a small synthetic cluster and reports the three figures', () => {
    const result = benchScheduler({ nodes: 40, gpusPerNode: 4, plainPods: 60, constrainedPods: 30 });
    expect(Object.keys(result).sort()).toEqual(['constrainedPodsPerSec', 'p99DecisionMs', 'plainPodsPerSec']);
    expect(result.plainPodsPerSec).toBeGreaterThan(0);
    expect(result.constrainedPodsPerSec).toBeGreaterThan(0);
  });
});
