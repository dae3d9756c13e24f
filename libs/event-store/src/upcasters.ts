/** Turns the data of one (event type, schema version) into the next schema version's data. */
export type Upcaster = (data: unknown, metadata: Readonly<Record<string, unknown>>) => unknown;

/**
 * Upcasters per (event type, schema version). Every read path — stream reads, the global log,
 * subscriptions and rebuilds — passes events through {@link UpcasterRegistry.upcast}, so handlers only
 * ever see the current schema version.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.upcasters.has(key)) throw new Error(`an upcaster for ${type} v${fromVersion} is already registered`);
    this.upcasters.set(key, upcaster);
    return this;
  }

  /** Applies every registered step, in order, starting at `schemaVersion`. */
  upcast(
    type: string,
    schemaVersion: number,
    data: unknown,
    metadata: Readonly<Record<string, unknown>>,
  ): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.upcasters.get(`${type}@${version}`); step; step = this.upcasters.get(`${type}@${version}`)) {
      current = step(current, metadata);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }

  get size(): number {
    return this.upcasters.size;
  }
}
