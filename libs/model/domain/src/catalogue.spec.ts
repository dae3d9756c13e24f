import { findGpu, GPU_CATALOGUE } from './catalogue';

describe('GPU catalogue', () => {
  it.each([
    ['A100-80GB', 80],
    ['H100-80GB', 80],
    ['H200', 141],
    ['L40S', 48],
    ['L4', 24],
    ['A10G', 24],
    ['T4', 16],
    ['MI300X', 192],
    ['A100-40GB', 40],
  ])('knows %s has %i GB', (name, memoryGiB) => {
    expect(findGpu(name)).toEqual({ name, memoryGiB });
  });

  it('lists the MIG profiles of A100-80GB and H100-80GB with their instance counts', () => {
    const a100 = GPU_CATALOGUE.find((g) => g.name === 'A100-80GB');
    expect(a100?.mig.map((p) => `${p.profile}×${p.maxInstances}`)).toEqual(['1g.10gb×7', '1g.20gb×4', '2g.20gb×3', '3g.40gb×2', '4g.40gb×1', '7g.80gb×1']);
    expect(GPU_CATALOGUE.find((g) => g.name === 'H100-80GB')?.mig).toEqual(a100?.mig);
  });

  it('lists the MIG profiles of A100-40GB', () => {
    expect(GPU_CATALOGUE.find((g) => g.name === 'A100-40GB')?.mig.map((p) => p.profile)).toEqual(['1g.5gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb']);
  });

  it('resolves a MIG instance as <model>:<profile>', () => {
    expect(findGpu('A100-40GB:3g.20gb')).toEqual({ name: 'A100-40GB:3g.20gb', memoryGiB: 20 });
  });

  it.each(['B200', 'L4:1g.10gb', 'A100-80GB:1g.5gb', 'A100-80GB:1g.10gb:x'])('does not know %s', (name) => {
    expect(findGpu(name)).toBeUndefined();
  });

  it('has no MIG on GPUs without it', () => {
    expect(GPU_CATALOGUE.filter((g) => g.mig.length === 0).map((g) => g.name)).toEqual(['L40S', 'L4', 'A10G', 'T4', 'MI300X']);
  });
});
