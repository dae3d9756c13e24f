/** A key or an index on the way from a document's root to a value. */
export type PathSegment = string | number;

/** One thing wrong with an orb or a config: the file, where in it, and why. */
export interface Problem {
  /** The file as given to the packer or validator (e.g. `.circleci/orb/src/commands/migrate.yml`). */
  readonly file: string;
  /** Dotted path of the offending value in that file's document (`jobs.test.steps[2].run`); '' for the file. */
  readonly path: string;
  readonly message: string;
  /** 1-based position of the value (or of its nearest ancestor that exists) when the source is YAML. */
  readonly line?: number;
  readonly column?: number;
}

/** A finding before it is placed in a file: a path in a document and a message. */
export interface Finding {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** `a.b[0].c`: keys joined by dots, indices in brackets. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? segment : `${out}.${segment}`;
  }, '');
}

/** `file:line:column: path: message`, the form editors and CI logs link. */
export function formatProblem(problem: Problem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${problem.file}${position}: ${path}${problem.message}`;
}

/** Thrown by the packer when the orb source cannot be packed; carries every problem found. */
export class OrbSourceError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'OrbSourceError';
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
