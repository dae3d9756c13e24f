import { DomainError, type DomainErrorCode, type FieldIssue } from './errors';
import { type Command, type Decider, type Event, type MessageMetadata, fold } from './message';

/** Metadata used by {@link deciderSpec} when a test's command carries none. */
export const testMetadata: MessageMetadata = {
  correlationId: 'test-correlation',
  actor: 'test',
  time: '2025-01-01T00:00:00.000Z',
};

/** A command whose metadata may be left out in a test; distributes over command unions. */
export type TestCommand<C extends Command> = C extends Command
  ? Omit<C, 'metadata'> & { readonly metadata?: MessageMetadata }
  : never;

/** What a refused command is expected to throw; `message` may be a substring or a pattern. */
export interface ExpectedError {
  readonly code: DomainErrorCode;
  readonly message?: string | RegExp;
  /** Issues that must be present; `reason` (when given) may be a substring or a pattern. */
  readonly details?: readonly ExpectedIssue[];
}

/** One expected field issue. */
export interface ExpectedIssue {
  readonly path: FieldIssue['path'];
  readonly reason?: string | RegExp;
}

/** The outcome half of a given/when/then spec. */
export interface DeciderThen<E extends Event, S> {
  /**
   * Expect exactly these events; also checks that decide is deterministic and does not mutate the state,
   * that evolving the events never throws, and that the resulting state survives a JSON round trip.
   */
  then(expected: readonly E[]): S;
  /** Expect a refusal with this error. */
  thenThrows(expected: ExpectedError): DomainError;
  /** Run the command and hand back the events for custom assertions. */
  events(): readonly E[];
}

/** A given/when/then runner for one decider. */
export interface DeciderSpec<C extends Command, E extends Event, S> {
  given(events: readonly E[]): { when(command: TestCommand<C>): DeciderThen<E, S> };
}

/**
 * Build given/when/then tests for a decider:
 * `spec.given([...events]).when(command).then([...events])` or `.thenThrows({ code: 'Conflict' })`.
 */
export function deciderSpec<C extends Command, E extends Event, S>(decider: Decider<C, E, S>): DeciderSpec<C, E, S> {
  return {
    given: (history) => ({
      when: (command) => {
        const full = { metadata: testMetadata, ...command } as unknown as C;
        const state = fold(decider.evolve, decider.initialState(), history);
        const run = (): readonly E[] => decider.decide(full, state);
        return {
          events: run,
          then: (expected) => {
            const before = JSON.stringify(state);
            const produced = run();
            expect(produced).toEqual(expected);
            // decide is pure: same answer twice, and the folded state is not mutated.
            expect(run()).toEqual(produced);
            expect(JSON.stringify(state)).toBe(before);
            const next = fold(decider.evolve, state, produced);
            expect(JSON.parse(JSON.stringify(next))).toEqual(next);
            return next;
          },
          thenThrows: (expected) => expectDomainError(run, expected),
        };
      },
    }),
  };
}

function expectDomainError(run: () => unknown, expected: ExpectedError): DomainError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe(expected.code);
  if (typeof expected.message === 'string') expect(error.message).toContain(expected.message);
  if (expected.message instanceof RegExp) expect(error.message).toMatch(expected.message);
  for (const issue of expected.details ?? []) {
    const reason = issue.reason === undefined ? expect.any(String) : expect.stringMatching(issue.reason);
    expect(error.details).toContainEqual({ path: issue.path, reason });
  }
  return error;
}
