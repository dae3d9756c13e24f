import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import { type Finding, isMapping, type PathSegment } from './problem';

/** SchemaStore's CircleCI config schema (draft-04), vendored with its licence in libs/ci-orb/schema/. */
export const CONFIG_SCHEMA_FILE = join(__dirname, '..', 'schema', 'circleciconfig.json');

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as object);
  return validator;
}

/**
 * Validates a config (or the config-shaped part of an orb) against CircleCI's published config schema and
 * returns one finding per real problem. The schema is full of oneOf/anyOf alternatives; when a value fails
 * them all, Ajv reports every branch. We keep the most specific errors: the deepest ones below a failed
 * alternative, and a single "needs one of" for alternatives that failed on a missing key.
 */
export function validateAgainstConfigSchema(value: unknown): Finding[] {
  const validate = compiled();
  if (validate(value)) return [];
  return simplify(validate.errors ?? [], value);
}

interface Located {
  readonly error: ErrorObject;
  readonly path: PathSegment[];
  readonly pointer: string;
}

function simplify(errors: readonly ErrorObject[], value: unknown): Finding[] {
  const located: Located[] = errors.map((error) => {
    // An unknown key is reported on its parent; locate it at the key so it counts as the deeper error.
    const extra = error.keyword === 'additionalProperties' ? `/${String(error.params['additionalProperty']).replaceAll('~', '~0').replaceAll('/', '~1')}` : '';
    return { error, path: toPath(error.instancePath + extra, value), pointer: error.instancePath + extra };
  });
  const deeper = (l: Located): boolean => located.some((o) => o.pointer.startsWith(`${l.pointer}/`));
  const kept = located.filter((l) => {
    if (l.error.keyword === 'oneOf' || l.error.keyword === 'anyOf') return !located.some((o) => o !== l && (o.pointer === l.pointer || o.pointer.startsWith(`${l.pointer}/`)));
    if (/\/(oneOf|anyOf)\/\d+\//.test(l.error.schemaPath)) return !deeper(l);
    return true;
  });
  const findings = new Map<string, Finding>();
  const alternatives = new Map<string, { path: PathSegment[]; keys: Set<string> }>();
  for (const { error, path, pointer } of kept) {
    if (error.keyword === 'required' && /\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) {
      const entry = alternatives.get(pointer) ?? { path, keys: new Set<string>() };
      entry.keys.add(String(error.params['missingProperty']));
      alternatives.set(pointer, entry);
      continue;
    }
    const finding = describe(error, path);
    findings.set(`${JSON.stringify(finding.path)} ${finding.message}`, finding);
  }
  for (const { path, keys } of alternatives.values()) {
    const message = keys.size === 1 ? `missing required key '${[...keys][0]}'` : `needs one of: ${[...keys].sort().join(', ')}`;
    findings.set(`${JSON.stringify(path)} ${message}`, { path, message });
  }
  return [...findings.values()];
}

function describe(error: ErrorObject, path: PathSegment[]): Finding {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path, message: 'unknown key (not allowed here by the CircleCI config schema)' };
    case 'required':
      return { path, message: `missing required key '${String(params['missingProperty'])}'` };
    case 'enum':
      return { path, message: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'oneOf':
    case 'anyOf':
      return { path, message: 'matches none of the forms the CircleCI config schema allows here' };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/** JSON pointer → path segments, with indices as numbers where the value is a sequence. */
function toPath(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isMapping(node) ? node[key] : undefined;
    }
  }
  return path;
}
