import { isDeviceSelector, isFilter, isPreFilter, isScore, type Plugin } from './plugin';
import { type Profile, type WeightedScore } from './profile';
import { type Registry } from './registry';
import { fail, ok, type Result } from './result';

/** One enabled plugin in configuration. */
export interface PluginConfig {
  readonly name: string;
  /** Score weight; 0 enables only the plugin's PreFilter/Filter. Default 1. */
  readonly weight?: number;
  readonly args?: unknown;
}

/** Profile configuration: the enabled plugins in order, with weights and args. */
export interface ProfileConfig {
  readonly name?: string;
  readonly plugins: readonly PluginConfig[];
  readonly percentageOfNodesToScore?: number;
  readonly preemption?: boolean;
  readonly topCandidates?: number;
  readonly tieBreak?: 'random' | 'first';
}

/** Build a runnable profile from configuration; never throws. */
export function buildProfile(config: ProfileConfig, registry: Registry): Result<Profile> {
  const built: { plugin: Plugin; weight: number }[] = [];
  for (const entry of config.plugins) {
    const weight = entry.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0) return fail(`${entry.name}.weight: must be a non-negative number`);
    const plugin = registry.build(entry.name, entry.args);
    if (!plugin.ok) return fail(plugin.error);
    built.push({ plugin: plugin.value, weight });
  }
  const scores: WeightedScore[] = [];
  for (const b of built) if (isScore(b.plugin) && b.weight > 0) scores.push({ plugin: b.plugin, weight: b.weight });
  const selectors = [...scores.map((s) => s.plugin), ...built.map((b) => b.plugin)].filter(isDeviceSelector);
  const percentage = config.percentageOfNodesToScore ?? 0;
  if (percentage < 0 || percentage > 100) return fail('percentageOfNodesToScore: must be within 0..100');
  return ok({
    name: config.name ?? 'default-scheduler',
    preFilters: built.map((b) => b.plugin).filter(isPreFilter),
    filters: built.map((b) => b.plugin).filter(isFilter),
    scores,
    deviceSelector: selectors[0],
    percentageOfNodesToScore: percentage,
    preemption: config.preemption ?? true,
    tieBreak: config.tieBreak ?? 'random',
    topCandidates: config.topCandidates ?? 3,
  });
}
