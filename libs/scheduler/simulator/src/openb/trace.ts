import { type NodeSpec } from '@keel/scheduler-framework';
import { columnReader, intCell, parseCsv } from './csv';

/** One pod of an openb pod list (11-column or 5-column files). */
export interface OpenbPod {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly numGpu: number;
  readonly gpuMilli: number;
  /** Acceptable models (`gpu_spec` split on `|`); empty = any. */
  readonly gpuSpec: readonly string[];
}

const GPU_MEMORY_MIB: Readonly<Record<string, number>> = {
  A10: 24576, T4: 15360, P100: 16384, V100M16: 16384, V100M32: 32768, G2: 32768, G3: 32768,
};

/** Parse `openb_node_list_*.csv` (`sn,cpu_milli,memory_mib,gpu,model`) into node specs. */
export function parseOpenbNodes(text: string): NodeSpec[] {
  const table = parseCsv(text, 'nodes');
  const col = columnReader(table, 'nodes', ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model']);
  return table.rows.map((row, i) => {
    const at = (name: string): string => col(row, i + 2, name);
    const field = (name: string): string => `nodes[line ${i + 2}].${name}`;
    const gpus = intCell(at('gpu'), field('gpu'));
    const model = at('model');
    return {
      name: at('sn'),
      labels: { 'kubernetes.io/hostname': at('sn'), 'nvidia.com/gpu.product': model },
      cpuMilli: intCell(at('cpu_milli'), field('cpu_milli')),
      memoryMiB: intCell(at('memory_mib'), field('memory_mib')),
      gpus: Array.from({ length: gpus }, () => ({ model, memoryMiB: GPU_MEMORY_MIB[model] ?? 16384 })),
    };
  });
}

/** Parse an openb pod list; only the first five columns are needed, `gpu_spec` is optional. */
export function parseOpenbPods(text: string): OpenbPod[] {
  const table = parseCsv(text, 'pods');
  const col = columnReader(table, 'pods', ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli']);
  return table.rows.map((row, i) => {
    const at = (name: string): string => col(row, i + 2, name);
    const field = (name: string): string => `pods[line ${i + 2}].${name}`;
    const spec = at('gpu_spec');
    return {
      name: at('name'),
      cpuMilli: intCell(at('cpu_milli'), field('cpu_milli')),
      memoryMiB: intCell(at('memory_mib'), field('memory_mib')),
      numGpu: intCell(at('num_gpu'), field('num_gpu')),
      gpuMilli: intCell(at('gpu_milli'), field('gpu_milli')),
      gpuSpec: spec === '' ? [] : spec.split('|'),
    };
  });
}
