import { buildProfile } from '@keel/scheduler-framework';
import { defaultProfileConfig, defaultRegistry } from '@keel/scheduler-plugins';
import { benchScheduler, runPhase } from './bench-scheduler';
import { constrainedPod, ZONES } from './synthetic-cluster';

describe('benchScheduler (smoke, not timed)', () => {
  it('schedules both phases on a small synthetic cluster and reports the three figures', () => {
    const result = benchScheduler({ nodes: 40, gpusPerNode: 4, plainPods: 60, constrainedPods: 30 });
    expect(Object.keys(result).sort()).toEqual(['constrainedPodsPerSec', 'p99DecisionMs', 'plainPodsPerSec']);
    expect(result.plainPodsPerSec).toBeGreaterThan(0);
    expect(result.constrainedPodsPerSec).toBeGreaterThan(0);
  });
});

describe('bench constrained phase', () => {
  it('places every constrained pod while honouring anti-affinity, zone spread and node affinity', () => {
    const built = buildProfile(defaultProfileConfig(), defaultRegistry());
    if (!built.ok) throw new Error(built.error);
    const phase = runPhase({ nodes: 60, gpusPerNode: 2 }, built.value, 60, (i) => constrainedPod(i, 3), []);
    expect(phase.scheduled).toBe(60);
    const perHost = new Set<string>();
    const perZone = new Map<string, number>();
    for (const p of phase.state.pods()) {
      const labels = phase.state.node(p.nodeName)?.labels ?? {};
      const hostKey = `${p.labels['app']}@${p.nodeName}`;
      expect(perHost.has(hostKey)).toBe(false);
      perHost.add(hostKey);
      expect(['H100', 'A100']).toContain(labels['nvidia.com/gpu.product']);
      const zoneKey = `${p.labels['app']}@${labels['topology.kubernetes.io/zone']}`;
      perZone.set(zoneKey, (perZone.get(zoneKey) ?? 0) + 1);
    }
    for (const app of ['svc-0', 'svc-1', 'svc-2']) {
      const counts = Array.from({ length: ZONES }, (_, z) => perZone.get(`${app}@zone-${z}`) ?? 0);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});
