import { type ModelFacts } from '../types';
import { GPU_MEMORY_UTILISATION } from './arithmetic';
import { gib, modelLabel, num, orList, parallelism } from './format';
import { suggestions } from './suggest';
import { type FitTemplate, type GpuArithmetic } from './types';

function limit(gpu: string, a: GpuArithmetic, catalogueGiB: number): string {
  const reserved = a.gpuMemoryGiB < catalogueGiB ? ` (${num(a.gpuMemoryGiB)} GiB reserved of ${num(catalogueGiB)})` : '';
  return `${GPU_MEMORY_UTILISATION} × ${num(a.gpuMemoryGiB)} GiB on ${gpu}${reserved}`;
}

function perGpuBreakdown(a: GpuArithmetic): string {
  return `${gib(a.weightsGiB)} GiB of weights + ${gib(a.kvCacheGiB)} GiB of KV cache + ${gib(a.overheadGiB)} GiB of overhead = ${gib(a.totalGiB)} GiB per GPU`;
}

/** Why the model fits `gpu`, with the numbers. */
export function fitsMessage(model: ModelFacts, template: FitTemplate, gpu: string, a: GpuArithmetic, catalogueGiB: number): string {
  const room = `room for ${a.maxSequences} sequences of ${template.maxContext} tokens`;
  return `${modelLabel(model)} fits ${gpu} with ${parallelism(template)}: ${perGpuBreakdown(a)}, within ${limit(gpu, a, catalogueGiB)} (${room})`;
}

/**
 * Why the model does not fit `gpu`, in the shape of "Llama-2-70B fp16 needs 130.4 GiB of weights per replica;
 * with tensorParallel 1 that is 130.4 GiB per GPU, more than 0.9 × 80 GiB on A100-80GB; use …".
 */
export function failureMessage(model: ModelFacts, template: FitTemplate, gpu: string, a: GpuArithmetic, catalogueGiB: number): string {
  const fixes = `use ${orList(suggestions(model, template, catalogueGiB, a.maxSequences))}`;
  const over = `more than ${limit(gpu, a, catalogueGiB)}`;
  if (a.weightsGiB > a.usableGiB) {
    const needs = `${modelLabel(model)} needs ${gib(a.replicaWeightsGiB)} GiB of weights per replica`;
    return `${needs}; with ${parallelism(template)} that is ${gib(a.weightsGiB)} GiB per GPU, ${over}; ${fixes}`;
  }
  const kv = `${gib(a.replicaKvCacheGiB)} GiB of KV cache (${template.maxConcurrentSequences} × ${template.maxContext} tokens at ${num(a.kvBytesPerToken / 1024)} KiB/token)`;
  const needs = `${modelLabel(model)} needs ${gib(a.replicaWeightsGiB)} GiB of weights and ${kv} per replica`;
  return `${needs}; with ${parallelism(template)} that is ${perGpuBreakdown(a)}, ${over}; ${fixes}`;
}
