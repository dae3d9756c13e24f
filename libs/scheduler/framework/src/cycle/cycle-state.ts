/** A typed key into {@link CycleState}; create one per plugin datum with {@link stateKey}. */
export interface StateKey<T> {
  readonly name: string;
  /** Dense slot number, so reads are an array index rather than a map lookup. */
  readonly slot: number;
  /** Phantom field carrying the value type; never set. */
  readonly _type?: T;
}

let nextSlot = 0;

/** Create a typed cycle-state key (once, at module load). */
export function stateKey<T>(name: string): StateKey<T> {
  return { name, slot: nextSlot++ };
}

/** Per-scheduling-cycle scratch space shared by a pod's PreFilter, Filter and Score calls. */
export class CycleState {
  private readonly slots: unknown[] = [];

  /** Store a value for the rest of this cycle. */
  write<T>(key: StateKey<T>, value: T): void {
    this.slots[key.slot] = value;
  }

  /** Read a value written earlier in this cycle, or undefined. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.slots[key.slot] as T | undefined;
  }
}
