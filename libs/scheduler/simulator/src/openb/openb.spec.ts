import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOpenb } from './run-openb-protocol';
import { parseOpenbNodes, parseOpenbPods } from './trace';

const dataDir = join(__dirname, '../../../../../../shared/data/openb');
const nodesCsv = readFileSync(join(dataDir, 'openb_node_list_gpu_node.csv'), 'utf8').split('\n').slice(0, 61).join('\n');
const podsCsv = readFileSync(join(dataDir, 'openb_pod_list_default.csv'), 'utf8').split('\n').slice(0, 501).join('\n');

describe('openb trace parsing', () => {
  it.each<[string, string]>([
    ['reads the 11-column pod files', 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np,4000,1024,1,500,V100M16|V100M32,LS,Running,0,1,0'],
    ['reads the 5-column pod files', 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,4000,1024,1,500'],
  ])('%s', (_name, text) => {
    expect(parseOpenbPods(text)[0]).toMatchObject({ name: 'p', cpuMilli: 4000, memoryMiB: 1024, numGpu: 1, gpuMilli: 500 });
  });

  it('splits gpu_spec into acceptable models', () => {
    expect(parseOpenbPods('name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\np,1,1,1,1000,T4|P100')[0]?.gpuSpec).toEqual(['T4', 'P100']);
  });

  it('names the line and column of a bad cell', () => {
    expect(() => parseOpenbPods('name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,x,1,1,1')).toThrow('pods[line 2].cpu_milli');
  });

  it('builds nodes with one device per GPU of the listed model', () => {
    expect(parseOpenbNodes('sn,cpu_milli,memory_mib,gpu,model\nn0,64000,262144,2,P100')[0]).toMatchObject({ name: 'n0', cpuMilli: 64000, gpus: [{ model: 'P100' }, { model: 'P100' }] });
  });
});

describe('openb protocol on a small slice of the trace', () => {
  const run = (policy: 'fgd' | 'packing', seed: number): ReturnType<typeof runOpenb> => runOpenb({ nodesCsv, podsCsv, policy, seed });

  it('records allocation at every 1% of arrived load up to 130%, never allocating more than arrived', () => {
    const result = run('fgd', 42);
    expect(result.totalGpus).toBe(parseOpenbNodes(nodesCsv).reduce((sum, n) => sum + (n.gpus?.length ?? 0), 0));
    expect(result.curve).toHaveLength(130);
    result.curve.forEach((point, i) => {
      expect(point.arrivedPct).toBe(i + 1);
      expect(point.allocatedGpuPct).toBeLessThanOrEqual(point.arrivedPct + 8);
      if (i > 0) expect(point.allocatedGpuPct).toBeGreaterThanOrEqual(result.curve[i - 1]?.allocatedGpuPct ?? 0);
    });
    expect(result.unallocatedGpuPctAt100).toBeCloseTo(100 - (result.curve[99]?.allocatedGpuPct ?? 0), 3);
  });

  it('replays exactly for the same seed and differs for another', () => {
    expect(run('packing', 7)).toEqual(run('packing', 7));
    expect(run('packing', 8).curve).not.toEqual(run('packing', 7).curve);
  });
});
