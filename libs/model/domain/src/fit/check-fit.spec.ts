import { type ModelFacts } from '../types';
import { kvBytesPerToken } from './arithmetic';
import { checkFit } from './check-fit';
import { type FitTemplate } from './types';

const llama2_70b: ModelFacts = {
  name: 'llama-2-70b',
  displayName: 'Llama-2-70B',
  parametersBillions: 70,
  dtype: 'fp16',
  layers: 80,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
  maxContext: 4096,
};
const llama31_8b: ModelFacts = { ...llama2_70b, name: 'llama-3.1-8b', displayName: 'Llama-3.1-8B', parametersBillions: 8, dtype: 'bf16', layers: 32, attentionHeads: 32, maxContext: 131_072 };
const llama31_70b: ModelFacts = { ...llama2_70b, name: 'llama-3.1-70b', displayName: 'Llama-3.1-70B', parametersBillions: 70.6, dtype: 'bf16', maxContext: 131_072 };
const oneA100: FitTemplate = { tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], maxContext: 4096, maxConcurrentSequences: 4 };

describe('checkFit — reference.md §4 examples', () => {
  it('rejects Llama-2-70B fp16 on one A100-80GB with the arithmetic and the way out', () => {
    const report = checkFit(llama2_70b, oneA100);
    expect(report.fits).toBe(false);
    expect(report.message).toBe(
      'Llama-2-70B fp16 needs 130.4 GiB of weights per replica; with tensorParallel 1 that is 130.4 GiB per GPU, ' +
        'more than 0.9 × 80 GiB on A100-80GB; use tensorParallel ≥ 2 or a 4-bit quantisation',
    );
  });

  it('accepts Llama-2-70B fp16 on A100-80GB with tensorParallel 2', () => {
    const report = checkFit(llama2_70b, { ...oneA100, tensorParallel: 2 });
    expect(report).toMatchObject({ fits: true, fittingGpuModels: ['A100-80GB'] });
    expect(report.candidates[0]?.weightsGiB).toBeCloseTo(65.19, 2);
    expect(report.message).toMatch(/^Llama-2-70B fp16 fits A100-80GB with tensorParallel 2: 65\.2 GiB of weights/);
  });

  it.each(['gptq', 'awq', 'int4', 'gguf-q4'] as const)('accepts Llama-2-70B quantised to 4 bits (%s) on one A100-80GB', (dtype) => {
    const report = checkFit({ ...llama2_70b, dtype }, oneA100);
    expect(report.fits).toBe(true);
    expect(report.candidates[0]?.replicaWeightsGiB).toBeCloseTo(32.6, 1);
  });

  it('needs 128 KiB of KV cache per token for Llama-3.1-8B', () => {
    expect(kvBytesPerToken(llama31_8b)).toBe(128 * 1024);
  });

  it('needs 320 KiB of KV cache per token and ≈131.5 GiB of weights for Llama-3.1-70B', () => {
    expect(kvBytesPerToken(llama31_70b)).toBe(320 * 1024);
    const report = checkFit(llama31_70b, { ...oneA100, tensorParallel: 4, acceptableGpuModels: ['H100-80GB'], maxContext: 8192, maxConcurrentSequences: 1 });
    expect(report.candidates[0]?.replicaWeightsGiB).toBeCloseTo(131.5, 1);
  });

  it('fits Llama-3.1-70B on 4×H100 at about 58 concurrent 8K sequences', () => {
    const template = { ...oneA100, tensorParallel: 4, acceptableGpuModels: ['H100-80GB'], maxContext: 8192 };
    const report = checkFit(llama31_70b, { ...template, maxConcurrentSequences: 58 });
    expect(report.fits).toBe(true);
    expect(report.candidates[0]?.maxSequences).toBeGreaterThanOrEqual(58);
    expect(report.candidates[0]?.maxSequences).toBeLessThan(62);
    expect(checkFit(llama31_70b, { ...template, maxConcurrentSequences: 62 }).fits).toBe(false);
  });

  it('does not fit Llama-3.1-70B on 2×H100 at its full context', () => {
    const report = checkFit(llama31_70b, { ...oneA100, tensorParallel: 2, acceptableGpuModels: ['H100-80GB'], maxContext: 131_072, maxConcurrentSequences: 1 });
    expect(report.fits).toBe(false);
    expect(report.message).toContain('40.0 GiB of KV cache (1 × 131072 tokens at 320 KiB/token)');
    expect(report.message).toContain('use tensorParallel ≥ 4');
  });
});

describe('checkFit — rules', () => {
  it('stops splitting the KV cache once tensorParallel exceeds the KV heads', () => {
    const template = { ...oneA100, acceptableGpuModels: ['H200'], maxContext: 4096, maxConcurrentSequences: 8 };
    const at8 = checkFit(llama2_70b, { ...template, tensorParallel: 8 }).candidates[0];
    const at16 = checkFit(llama2_70b, { ...template, tensorParallel: 16 }).candidates[0];
    expect(at16?.kvCacheGiB).toBe(at8?.kvCacheGiB);
    expect(at16?.weightsGiB).toBeCloseTo((at8?.weightsGiB ?? 0) / 2, 6);
  });

  it('refuses a tensorParallel that does not divide the attention heads', () => {
    const report = checkFit(llama2_70b, { ...oneA100, tensorParallel: 3 });
    expect(report).toMatchObject({ fits: false, problems: [expect.stringContaining('tensorParallel 3 does not divide the 64 attention heads')] });
  });

  it('refuses a context beyond the model', () => {
    expect(checkFit(llama2_70b, { ...oneA100, tensorParallel: 2, maxContext: 8192 }).message).toContain("maxContext 8192 exceeds the model's 4096");
  });

  it('explains the whole budget when the weights fit but the KV cache does not', () => {
    const report = checkFit(llama31_8b, { ...oneA100, acceptableGpuModels: ['L4'], maxContext: 32_768, maxConcurrentSequences: 4 });
    expect(report.message).toBe(
      'Llama-3.1-8B bf16 needs 14.9 GiB of weights and 16.0 GiB of KV cache (4 × 32768 tokens at 128 KiB/token) per replica; ' +
        'with tensorParallel 1 that is 14.9 GiB of weights + 16.0 GiB of KV cache + 5.2 GiB of overhead = 36.1 GiB per GPU, ' +
        'more than 0.9 × 24 GiB on L4; use tensorParallel ≥ 2',
    );
  });

  it('counts only the reserved memory of a shared GPU', () => {
    const mistral: ModelFacts = { ...llama31_8b, name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'gptq', maxContext: 32_768 };
    const shared = { ...oneA100, gpuMilli: 250, gpuMemoryMiB: 20_480, maxContext: 4096, maxConcurrentSequences: 2 };
    const report = checkFit(mistral, shared);
    expect(report.fits).toBe(true);
    expect(report.candidates[0]?.usableGiB).toBeCloseTo(18, 6);
    expect(checkFit({ ...mistral, dtype: 'fp32' }, shared).message).toContain('(20 GiB reserved of 80)');
  });

  it('checks each acceptable GPU in preference order, MIG profiles included', () => {
    const mistral: ModelFacts = { ...llama31_8b, name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'gptq', maxContext: 32_768 };
    const report = checkFit(mistral, { ...oneA100, acceptableGpuModels: ['A100-80GB:1g.10gb', 'A100-80GB:2g.20gb', 'T4', 'B200'], maxConcurrentSequences: 2 });
    expect(report.candidates.map((c) => [c.gpuModel, c.fits])).toEqual([
      ['A100-80GB:1g.10gb', false],
      ['A100-80GB:2g.20gb', true],
      ['T4', true],
      ['B200', false],
    ]);
    expect(report.candidates[0]?.message).toContain('more than 0.9 × 10 GiB on A100-80GB:1g.10gb');
    expect(report.candidates[3]?.message).toContain('unknown GPU model B200');
  });

  it('joins the reasons of every acceptable GPU when none fits', () => {
    const report = checkFit(llama2_70b, { ...oneA100, acceptableGpuModels: ['A100-80GB', 'L40S'] });
    expect(report.message).toContain('on A100-80GB');
    expect(report.message).toContain('on L40S');
  });

  it('budgets more activation memory for a mixture-of-experts model', () => {
    const dense = checkFit(llama31_8b, oneA100).candidates[0];
    const moe = checkFit({ ...llama31_8b, architecture: 'moe' }, oneA100).candidates[0];
    expect((moe?.overheadGiB ?? 0) - (dense?.overheadGiB ?? 0)).toBeCloseTo(2.4, 6);
  });
});
