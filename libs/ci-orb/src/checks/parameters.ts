import { type Finding, isMapping, type PathSegment } from '../problem';

/** `<< parameters.x >>` not escaped as `\<<` (an escaped one is literal text). */
const PARAMETER_USE = /(?<!\\)<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>/g;

/** `\<< parameters.x >>`: what a parameter reference becomes inside an included script (pack escapes `<<`). */
const ESCAPED_PARAMETER_USE = /\\<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>/g;

export const PARAMETER_TYPES = ['string', 'boolean', 'integer', 'enum', 'executor', 'steps', 'env_var_name'];

/** Every `<< parameters.x >>` in the element's strings (outside its `parameters:`), by name, with where it is. */
export function parameterUses(element: Record<string, unknown>, path: readonly PathSegment[]): Map<string, PathSegment[][]> {
  const uses = new Map<string, PathSegment[][]>();
  const { parameters: _declared, ...body } = element;
  walkStrings(body, [...path], (text, at) => {
    for (const match of text.matchAll(PARAMETER_USE)) uses.set(match[1]!, [...(uses.get(match[1]!) ?? []), at]);
  });
  return uses;
}

/**
 * Declared versus used parameters of one command, job or executor: every use is declared, every declaration is
 * used, enum defaults are among the values, and (for orbs) every parameter says what it is for.
 */
export function checkParameterDeclarations(element: Record<string, unknown>, path: readonly PathSegment[], kind: string, requireDescriptions: boolean): Finding[] {
  const findings: Finding[] = [];
  const declared = isMapping(element['parameters']) ? element['parameters'] : {};
  const uses = parameterUses(element, path);
  for (const [name, at] of uses) {
    if (!(name in declared)) findings.push({ path: at[0]!, message: `<< parameters.${name} >> is not a parameter of this ${kind} (declare it under parameters:)` });
  }
  for (const [name, parameter] of Object.entries(declared)) {
    const at = [...path, 'parameters', name];
    if (!uses.has(name)) findings.push({ path: at, message: `parameter '${name}' is declared but never used as << parameters.${name} >>` });
    if (!isMapping(parameter)) continue;
    if (requireDescriptions && !nonEmpty(parameter['description'])) findings.push({ path: at, message: `parameter '${name}' needs a description` });
    if (parameter['type'] === 'enum' && 'default' in parameter) {
      const allowed = Array.isArray(parameter['enum']) ? parameter['enum'] : [];
      if (!allowed.includes(parameter['default'])) findings.push({ path: [...at, 'default'], message: `default ${JSON.stringify(parameter['default'])} is not one of the enum values (${allowed.join(', ')})` });
    }
  }
  return findings;
}

/**
 * `\<< parameters.x >>` in an orb's command or job: an included script tried to use a parameter, but `orb pack`
 * escapes `<<` in included files, so CircleCI passes the text through unchanged. Pass values via `environment:`.
 */
export function escapedParameterUses(element: Record<string, unknown>, path: readonly PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  walkStrings(element, [...path], (text, at) => {
    for (const match of text.matchAll(ESCAPED_PARAMETER_USE)) {
      findings.push({ path: at, message: `'<< parameters.${match[1]} >>' inside an included script is escaped by orb pack and never substituted; pass it through the step's environment` });
    }
  });
  return findings;
}

/** Calls `visit` for every string value (not keys) below `value`. */
export function walkStrings(value: unknown, path: PathSegment[], visit: (text: string, path: PathSegment[]) => void): void {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.forEach((item, index) => walkStrings(item, [...path, index], visit));
  if (isMapping(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
}

export function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
