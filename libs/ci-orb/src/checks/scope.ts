import { type Finding, isMapping, type PathSegment } from '../problem';

export type ElementKind = 'command' | 'job' | 'executor';

const SECTIONS: Record<ElementKind, string> = { command: 'commands', job: 'jobs', executor: 'executors' };

/** What an orb alias under `orbs:` stands for: an inline orb we can look into, or a registry orb we cannot. */
export type OrbBinding = { readonly kind: 'inline'; readonly orb: Record<string, unknown> } | { readonly kind: 'registry'; readonly ref: string };

/** The commands, executors, jobs and orbs a config (or an orb) can refer to by name. */
export interface Scope {
  readonly elements: Record<ElementKind, Record<string, unknown>>;
  readonly orbs: Record<string, OrbBinding>;
}

/** A use of an orb's element through its alias, e.g. `keel/deploy` in a workflow. */
export interface OrbReference {
  readonly alias: string;
  readonly kind: ElementKind;
  readonly name: string;
  readonly path: readonly PathSegment[];
}

/**
 * The scope of a config or orb document. `inline` binds aliases to orbs we have the source of (the packed
 * orb, for its examples' `keel: ns/keel@1.0` alias) in place of what the document says.
 */
export function scopeOf(document: Record<string, unknown>, inline: Record<string, Record<string, unknown>> = {}): Scope {
  const section = (name: string): Record<string, unknown> => (isMapping(document[name]) ? document[name] : {});
  const orbs: Record<string, OrbBinding> = {};
  for (const [alias, value] of Object.entries(section('orbs'))) {
    if (inline[alias]) orbs[alias] = { kind: 'inline', orb: inline[alias] };
    else if (isMapping(value)) orbs[alias] = { kind: 'inline', orb: value };
    else orbs[alias] = { kind: 'registry', ref: String(value) };
  }
  return { elements: { command: section('commands'), job: section('jobs'), executor: section('executors') }, orbs };
}

export type Lookup = { readonly element: Record<string, unknown> } | { readonly unchecked: true } | { readonly finding: Finding };

/** Resolves `name` or `alias/name`; registry orbs cannot be looked into and come back unchecked. */
export function lookup(scope: Scope, kind: ElementKind, ref: string, path: readonly PathSegment[], references: OrbReference[]): Lookup {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    const element = scope.elements[kind][ref];
    if (element === undefined) return { finding: { path, message: `unknown ${kind} '${ref}' (not defined under ${SECTIONS[kind]}:)` } };
    return { element: isMapping(element) ? element : {} };
  }
  const alias = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const binding = scope.orbs[alias];
  if (!binding) return { finding: { path, message: `unknown orb '${alias}' in '${ref}' (not declared under orbs:)` } };
  references.push({ alias, kind, name, path });
  if (binding.kind === 'registry') return { unchecked: true };
  const elements = binding.orb[SECTIONS[kind]];
  const element = isMapping(elements) ? elements[name] : undefined;
  if (element === undefined) return { finding: { path, message: `orb '${alias}' has no ${kind} '${name}'` } };
  return { element: isMapping(element) ? element : {} };
}

/** The `parameters:` of a command, job or executor. */
export function parametersOf(element: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const parameters = element['parameters'];
  if (!isMapping(parameters)) return {};
  return Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, isMapping(p) ? p : {}]));
}

/** True for a value that is wholly `<< parameters.x >>`, `<< pipeline.x >>` or `<< matrix.x >>`. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && /^\s*<<\s*(parameters|pipeline|matrix)\.[^>]*>>\s*$/.test(value);
}

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the arguments of an invocation against the element's parameters: every argument is declared (or is
 * one of `extraKeys`, like a workflow job's `requires`), every parameter without a default is given, and literal
 * values have the parameter's type.
 */
export function checkArguments(args: Record<string, unknown>, element: Record<string, unknown>, ref: string, path: readonly PathSegment[], extraKeys: ReadonlySet<string> = new Set()): Finding[] {
  const declared = parametersOf(element);
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (extraKeys.has(name)) continue;
    const parameter = declared[name];
    if (!parameter) {
      const known = Object.keys(declared);
      findings.push({ path: [...path, name], message: `'${ref}' has no parameter '${name}' (${known.length > 0 ? `it has: ${known.join(', ')}` : 'it takes none'})` });
      continue;
    }
    const problem = literalTypeProblem(parameter, value);
    if (problem) findings.push({ path: [...path, name], message: `'${ref}' parameter '${name}': ${problem}` });
  }
  for (const [name, parameter] of Object.entries(declared)) {
    if (!('default' in parameter) && !(name in args)) findings.push({ path, message: `'${ref}' needs parameter '${name}' (it has no default)` });
  }
  return findings;
}

function literalTypeProblem(parameter: Record<string, unknown>, value: unknown): string | undefined {
  if (isReference(value) || (typeof value === 'string' && value.includes('<<'))) return undefined;
  switch (parameter['type']) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
    case 'integer':
      return Number.isInteger(value) ? undefined : `must be an integer, got ${JSON.stringify(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, got ${JSON.stringify(value)}`;
    case 'env_var_name':
      return typeof value === 'string' && ENV_VAR_NAME.test(value) ? undefined : `must be an environment variable name, got ${JSON.stringify(value)}`;
    case 'enum': {
      const allowed = Array.isArray(parameter['enum']) ? parameter['enum'] : [];
      return allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`;
    }
    default:
      return undefined;
  }
}
