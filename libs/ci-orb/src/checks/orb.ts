import { validateAgainstConfigSchema } from '../config-schema';
import { type Finding, isMapping, type PathSegment } from '../problem';
import { checkConfigDocument } from './config';
import { ElementChecker } from './elements';
import { escapedParameterUses, nonEmpty, walkStrings } from './parameters';
import { scopeOf } from './scope';

export interface OrbCheckOptions {
  /** The orb's registry name (`<namespace>/<name>`), which examples must import it by. Default `keel`. */
  readonly orbName?: string;
}

const ELEMENT_SECTIONS = ['commands', 'executors', 'jobs'] as const;
const DISPLAY_KEYS = new Set(['home_url', 'source_url']);
const EXAMPLE_KEYS = new Set(['description', 'usage', 'result']);
const REGISTRY_ORB = /^[a-z][a-z0-9_-]+\/[a-z][a-z0-9_-]+@(dev:[.a-z0-9_-]+|\d+|\d+\.\d+|\d+\.\d+\.\d+|volatile)$/;

/**
 * Checks a packed orb: its commands, executors and jobs against the CircleCI config schema, plus what only
 * orbs have — `version: 2.1`, a description, `display` URLs, published `orbs:` dependencies, descriptions on
 * every element and parameter, no include left unresolved or parameter escaped by an include, and examples
 * whose `usage` is a valid config importing this orb and using its commands, jobs or executors correctly.
 */
export function checkOrbDocument(orb: Record<string, unknown>, options: OrbCheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  if (orb['version'] !== 2.1) findings.push({ path: ['version'], message: `an orb must say version: 2.1, got ${JSON.stringify(orb['version'])}` });
  if (!nonEmpty(orb['description'])) findings.push({ path: ['description'], message: 'an orb needs a description (shown in the registry)' });
  findings.push(...checkDisplay(orb['display']), ...checkOrbDependencies(orb['orbs']));
  if (!ELEMENT_SECTIONS.some((section) => isMapping(orb[section]) && Object.keys(orb[section]).length > 0)) {
    findings.push({ path: [], message: 'an orb needs at least one command, executor or job' });
  }

  const configPart = Object.fromEntries(['orbs', ...ELEMENT_SECTIONS].filter((key) => key in orb).map((key) => [key, orb[key]]));
  findings.push(...validateAgainstConfigSchema({ version: 2.1, ...configPart }));
  const checker = new ElementChecker(scopeOf(orb), { requireDescriptions: true });
  checker.checkDefinitions(orb);
  findings.push(...checker.findings);
  for (const section of ELEMENT_SECTIONS) {
    if (isMapping(orb[section])) findings.push(...escapedParameterUses(orb[section], [section]));
  }
  walkStrings(orb, [], (text, path) => {
    if (/(?<!\\)<<\s*include\(/.test(text)) findings.push({ path, message: 'include directive left unresolved (orb pack inlines includes only in commands, executors and jobs)' });
  });
  findings.push(...checkExamples(orb, options.orbName ?? 'keel'));
  return findings;
}

function checkDisplay(display: unknown): Finding[] {
  if (display === undefined) return [];
  if (!isMapping(display)) return [{ path: ['display'], message: 'display must be a mapping with home_url and/or source_url' }];
  return Object.entries(display).flatMap(([key, value]): Finding[] => {
    if (!DISPLAY_KEYS.has(key)) return [{ path: ['display', key], message: `unknown display key (allowed: ${[...DISPLAY_KEYS].join(', ')})` }];
    return typeof value === 'string' && /^https?:\/\/[^\s/]+/.test(value) ? [] : [{ path: ['display', key], message: 'must be an http(s) URL' }];
  });
}

function checkOrbDependencies(orbs: unknown): Finding[] {
  if (orbs === undefined) return [];
  if (!isMapping(orbs)) return [{ path: ['orbs'], message: 'orbs must be a mapping of aliases to namespace/name@version' }];
  return Object.entries(orbs)
    .filter(([, ref]) => typeof ref !== 'string' || !REGISTRY_ORB.test(ref))
    .map(([alias]) => ({ path: ['orbs', alias], message: 'an orb can only import published orbs (namespace/name@version), not inline orbs' }));
}

function checkExamples(orb: Record<string, unknown>, orbName: string): Finding[] {
  const examples = orb['examples'];
  if (!isMapping(examples) || Object.keys(examples).length === 0) return [{ path: ['examples'], message: 'an orb needs at least one example (src/examples/*.yml)' }];
  return Object.entries(examples).flatMap(([name, example]) => checkExample(example, ['examples', name], orb, orbName));
}

function checkExample(example: unknown, path: PathSegment[], orb: Record<string, unknown>, orbName: string): Finding[] {
  if (!isMapping(example)) return [{ path, message: 'an example must be a mapping with description and usage' }];
  const findings: Finding[] = Object.keys(example)
    .filter((key) => !EXAMPLE_KEYS.has(key))
    .map((key) => ({ path: [...path, key], message: `unknown example key (allowed: ${[...EXAMPLE_KEYS].join(', ')})` }));
  if (!nonEmpty(example['description'])) findings.push({ path, message: 'example needs a description' });
  const usage = example['usage'];
  if (!isMapping(usage)) return [...findings, { path: [...path, 'usage'], message: 'example needs a usage: a config that uses this orb' }];

  const usagePath = [...path, 'usage'];
  const imports = Object.entries(isMapping(usage['orbs']) ? usage['orbs'] : {}).filter(([, ref]) => typeof ref === 'string' && ref.split('@')[0]!.endsWith(`/${orbName}`));
  if (imports.length !== 1) {
    return [...findings, { path: [...usagePath, 'orbs'], message: `usage must import this orb exactly once under orbs:, e.g. ${orbName}: <namespace>/${orbName}@1.0.0 (found ${imports.length})` }];
  }
  const [alias] = imports[0]!;
  const { findings: usageFindings, references } = checkConfigDocument(usage, { inlineOrbs: { [alias]: orb } });
  findings.push(...usageFindings.map((f) => ({ path: [...usagePath, ...f.path], message: f.message })));
  if (!references.some((reference) => reference.alias === alias)) {
    findings.push({ path: usagePath, message: `usage never uses this orb (no ${alias}/<command|job|executor>)` });
  }
  if (example['result'] !== undefined) {
    findings.push(...validateAgainstConfigSchema(example['result']).map((f) => ({ path: [...path, 'result', ...f.path], message: f.message })));
  }
  return findings;
}
