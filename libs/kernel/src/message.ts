/** Metadata every command and event carries. Time and ids come from the caller, never from the domain. */
export interface MessageMetadata {
  /** Correlates every message caused by one user request. */
  readonly correlationId: string;
  /** The id of the message that caused this one. */
  readonly causationId?: string;
  /** Who asked for it (user, service account, scheduler). */
  readonly actor: string;
  /** ISO-8601 time supplied by the caller's clock. */
  readonly time: string;
}

/** A command: an imperative request, e.g. `ScaleDeployment`. */
export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: Readonly<TData>;
  readonly metadata: MessageMetadata;
}

/** An event: a past-tense fact, e.g. `DeploymentScaled`. */
export interface Event<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: Readonly<TData>;
}

/**
 * A decider: pure `decide` and `evolve` over a state. `decide` throws a {@link DomainError} to refuse;
 * `evolve` is total and never throws.
 */
export interface Decider<TCommand extends Command, TEvent extends Event, TState> {
  readonly initialState: () => TState;
  readonly decide: (command: TCommand, state: TState) => readonly TEvent[];
  readonly evolve: (state: TState, event: TEvent) => TState;
}

/** Fold a list of events into a state with a decider's `evolve`. */
export function fold<TEvent extends Event, TState>(
  evolve: (state: TState, event: TEvent) => TState,
  initial: TState,
  events: readonly TEvent[],
): TState {
  return events.reduce(evolve, initial);
}

/** Exhaustiveness guard for discriminated-union switches. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
