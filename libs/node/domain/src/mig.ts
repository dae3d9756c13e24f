/** A MIG profile such as `3g.40gb`: compute slices (of 7) and memory in GB. */
export interface MigProfile {
  readonly computeSlices: number;
  readonly memoryGB: number;
}

const PROFILE = /^([1-7])g\.(\d{1,3})gb$/;

/** Parse a MIG profile name; undefined when it is not of the form `<n>g.<m>gb`. */
export function parseMigProfile(name: string): MigProfile | undefined {
  const match = PROFILE.exec(name);
  if (!match) return undefined;
  return { computeSlices: Number(match[1]), memoryGB: Number(match[2]) };
}

/** Milli-GPU of compute one MIG instance stands for (its slices out of 7). */
export function migShareMilli(profile: MigProfile): number {
  return Math.floor((profile.computeSlices * 1000) / 7);
}

/** Memory (MiB) one MIG instance provides. */
export function migMemoryMiB(profile: MigProfile): number {
  return profile.memoryGB * 1024;
}

/** Problems with a MIG layout on a device of `deviceMemoryMiB`; empty when it is valid. */
export function migLayoutProblems(layout: readonly string[], deviceMemoryMiB: number): string[] {
  const profiles = layout.map(parseMigProfile);
  const bad = layout.filter((_, i) => profiles[i] === undefined);
  if (bad.length > 0) return [`unknown MIG profile(s) ${bad.join(', ')}; expected e.g. "1g.10gb"`];
  const valid = profiles.filter((p): p is MigProfile => p !== undefined);
  const slices = valid.reduce((sum, p) => sum + p.computeSlices, 0);
  const gb = valid.reduce((sum, p) => sum + p.memoryGB, 0);
  const problems: string[] = [];
  if (slices > 7) problems.push(`MIG layout uses ${slices} compute slices; a GPU has 7`);
  // Profile sizes are nominal GB, so compare against decimal GB of the device.
  if (gb * 1000 > deviceMemoryMiB) problems.push(`MIG layout uses ${gb} GB; the device has ${deviceMemoryMiB} MiB`);
  return problems;
}
