/** A typed key into {@link CycleState}; create one per plugin datum with {@link stateKey}. */
export interface StateKey<T> {
  readonly name: string;
  /** Phantom field carrying the value type; never set. */
  readonly _type?: T;
}

/** Create a typed cycle-state key. */
export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

/** Per-scheduling-cycle scratch space shared by a pod's PreFilter, Filter and Score calls. */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  /** Store a value for the rest of this cycle. */
  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key.name, value);
  }

  /** Read a value written earlier in this cycle, or undefined. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key.name) as T | undefined;
  }
}
