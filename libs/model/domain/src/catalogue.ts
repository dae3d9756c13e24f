/** A MIG profile a GPU model can be partitioned into, and how many instances of it fit. */
export interface MigProfileSpec {
  readonly profile: string;
  readonly memoryGiB: number;
  readonly maxInstances: number;
}

/** A GPU model in the catalogue (reference.md §4). */
export interface GpuModelSpec {
  readonly name: string;
  readonly memoryGiB: number;
  readonly memoryType: string;
  readonly bandwidthTBs: number;
  /** MIG profiles; empty when the GPU has no MIG. */
  readonly mig: readonly MigProfileSpec[];
}

const mig = (spec: readonly [string, number][]): MigProfileSpec[] =>
  spec.map(([profile, maxInstances]) => ({ profile, memoryGiB: Number(/\.(\d+)gb$/.exec(profile)?.[1] ?? 0), maxInstances }));

const MIG_80GB = mig([['1g.10gb', 7], ['1g.20gb', 4], ['2g.20gb', 3], ['3g.40gb', 2], ['4g.40gb', 1], ['7g.80gb', 1]]);
const MIG_40GB = mig([['1g.5gb', 7], ['2g.10gb', 3], ['3g.20gb', 2], ['4g.20gb', 1], ['7g.40gb', 1]]);
// H200 profiles from NVIDIA's MIG user guide (reference.md only says "up to 7").
const MIG_141GB = mig([['1g.18gb', 7], ['1g.35gb', 4], ['2g.35gb', 3], ['3g.71gb', 2], ['4g.71gb', 1], ['7g.141gb', 1]]);

/** The GPU models Keel knows, by catalogue name. */
export const GPU_CATALOGUE: readonly GpuModelSpec[] = [
  { name: 'A100-40GB', memoryGiB: 40, memoryType: 'HBM2', bandwidthTBs: 1.56, mig: MIG_40GB },
  { name: 'A100-80GB', memoryGiB: 80, memoryType: 'HBM2e', bandwidthTBs: 2.0, mig: MIG_80GB },
  { name: 'H100-80GB', memoryGiB: 80, memoryType: 'HBM3', bandwidthTBs: 3.35, mig: MIG_80GB },
  { name: 'H200', memoryGiB: 141, memoryType: 'HBM3e', bandwidthTBs: 4.8, mig: MIG_141GB },
  { name: 'L40S', memoryGiB: 48, memoryType: 'GDDR6', bandwidthTBs: 0.864, mig: [] },
  { name: 'L4', memoryGiB: 24, memoryType: 'GDDR6', bandwidthTBs: 0.3, mig: [] },
  { name: 'A10G', memoryGiB: 24, memoryType: 'GDDR6', bandwidthTBs: 0.6, mig: [] },
  { name: 'T4', memoryGiB: 16, memoryType: 'GDDR6', bandwidthTBs: 0.32, mig: [] },
  { name: 'MI300X', memoryGiB: 192, memoryType: 'HBM3', bandwidthTBs: 5.3, mig: [] },
];

/** A schedulable GPU: a whole GPU model, or one MIG instance of it (`A100-80GB:1g.10gb`). */
export interface GpuTarget {
  readonly name: string;
  readonly memoryGiB: number;
}

/** Look up a catalogue GPU model, or a MIG profile written `<model>:<profile>`; undefined when unknown. */
export function findGpu(name: string): GpuTarget | undefined {
  const [modelName, profileName, extra] = name.split(':');
  if (extra !== undefined) return undefined;
  const gpu = GPU_CATALOGUE.find((g) => g.name === modelName);
  if (!gpu || profileName === undefined) return gpu && { name, memoryGiB: gpu.memoryGiB };
  const profile = gpu.mig.find((p) => p.profile === profileName);
  return profile && { name, memoryGiB: profile.memoryGiB };
}
