import { existsSync, statSync } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import { type Finding, formatPath, isMapping, OrbSourceError, type PathSegment, type Problem } from '../problem';
import { renderYaml } from '../render';
import { parseYamlSource, placeFindings, type YamlSource } from '../yaml-source';
import { resolveIncludes, type ResolvedInclude } from './includes';
import { collectSourceFiles, PACKED_DIRECTORIES, readSource, type SourceFile } from './source-tree';

/** Top-level keys of a packed orb, in the order `circleci orb pack` writes them. */
export const ORB_KEYS = ['version', 'description', 'display', 'orbs', 'commands', 'executors', 'jobs', 'examples'] as const;

/** Elements whose string values may be `<<include(file)>>` (examples are copied as written). */
const INCLUDE_SECTIONS = ['commands', 'executors', 'jobs'] as const;

/** An orb packed from its source directory. */
export interface PackedOrb {
  /** The orb: keys in {@link ORB_KEYS} order, commands/executors/jobs/examples sorted by name, includes inlined. */
  readonly orb: Record<string, unknown>;
  /** `orb` as YAML, scripts as literal block scalars: what `keel orb pack` prints. */
  readonly yaml: string;
  /** Every include that was inlined, by where it was. */
  readonly includes: readonly ResolvedInclude[];
  /** Places findings about the packed orb (paths in `orb`) in the source files and lines that defined them. */
  place(findings: readonly Finding[]): Problem[];
}

interface Definition {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
  readonly source: YamlSource;
  /** Where `path` is inside `source`'s document. */
  readonly base: readonly PathSegment[];
}

/**
 * Packs an orb source directory as `circleci orb pack` does: `@orb.yml` is the root, `commands/x.yml` becomes
 * `commands.x` (likewise executors, jobs, examples), `@`-prefixed files and other root files merge their keys
 * into their directory's map, non-YAML files and other directories are skipped, and `<<include(path)>>` values
 * in commands, executors and jobs are replaced by the file's contents. Stricter than the CircleCI CLI where it
 * would silently drop or overwrite: duplicate definitions, unknown top-level keys and YAML in subdirectories
 * are errors. Throws an {@link OrbSourceError} listing every problem with its file and line.
 *
 * @param displayDir how srcDir is written in problems (default: relative to the working directory)
 */
export function packOrb(srcDir: string, displayDir = displayPath(srcDir)): PackedOrb {
  const root = resolve(srcDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new OrbSourceError([{ file: displayDir, path: '', message: 'not a directory' }]);
  if (!existsSync(resolve(root, '@orb.yml'))) {
    throw new OrbSourceError([{ file: posix.join(displayDir, '@orb.yml'), path: '', message: "@orb.yml not found: is this the orb's src/ directory?" }]);
  }
  const { files, problems } = collectSourceFiles(root, displayDir);
  const definitions = new Map<string, Definition>();
  for (const file of files) loadFile(file, displayDir, definitions, problems);
  if (problems.length > 0) throw new OrbSourceError(problems);

  const orb = assemble(definitions);
  const place = (findings: readonly Finding[]): Problem[] => findings.flatMap((finding) => placeFinding(finding, definitions, displayDir));
  const includeFindings: Finding[] = [];
  const includes: ResolvedInclude[] = [];
  for (const section of INCLUDE_SECTIONS) {
    if (orb[section] !== undefined) orb[section] = resolveIncludes(orb[section], [section], root, includeFindings, includes);
  }
  if (includeFindings.length > 0) throw new OrbSourceError(place(includeFindings));
  return { orb, yaml: renderYaml(orb), includes, place };
}

function loadFile(file: SourceFile, displayDir: string, definitions: Map<string, Definition>, problems: Problem[]): void {
  const { source, problems: parseProblems } = parseYamlSource(posix.join(displayDir, file.relativePath), readSource(file));
  problems.push(...parseProblems);
  if (!source) return;
  const content = source.value ?? {};
  if (!isMapping(content)) {
    problems.push({ file: source.file, path: '', message: `expected a mapping at the top of the file, got ${describe(content)}` });
    return;
  }
  if (!file.mergesKeys) return define(file.keyPath, content, source, [], definitions, problems);
  for (const [key, value] of Object.entries(content)) define([...file.keyPath, key], value, source, [key], definitions, problems);
}

function define(path: readonly PathSegment[], value: unknown, source: YamlSource, base: readonly PathSegment[], definitions: Map<string, Definition>, problems: Problem[]): void {
  const [section] = path;
  if (path.length === 1 && (PACKED_DIRECTORIES as readonly PathSegment[]).includes(section!)) {
    if (value === null) return;
    if (!isMapping(value)) return void problems.push(...placeFindings(source, [{ path: base, message: `${section} must be a mapping of names to definitions` }]));
    for (const [name, element] of Object.entries(value)) define([section!, name], element, source, [...base, name], definitions, problems);
    return;
  }
  if (path.length === 1 && !(ORB_KEYS as readonly PathSegment[]).includes(section!)) {
    problems.push(...placeFindings(source, [{ path: base, message: `unknown top-level key '${String(section)}' (an orb has ${ORB_KEYS.join(', ')})` }]));
    return;
  }
  const key = formatPath(path);
  const existing = definitions.get(key);
  if (existing) {
    problems.push(...placeFindings(source, [{ path: base, message: `${key} is defined twice: in ${existing.source.file} and in ${source.file}` }]));
    return;
  }
  definitions.set(key, { path, value, source, base });
}

function assemble(definitions: Map<string, Definition>): Record<string, unknown> {
  const orb: Record<string, unknown> = {};
  for (const key of ORB_KEYS) {
    if ((PACKED_DIRECTORIES as readonly string[]).includes(key)) {
      const elements = [...definitions.values()].filter((d) => d.path[0] === key).sort((a, b) => String(a.path[1]).localeCompare(String(b.path[1])));
      if (elements.length > 0) orb[key] = Object.fromEntries(elements.map((d) => [d.path[1], d.value]));
    } else if (definitions.has(key)) {
      orb[key] = definitions.get(key)!.value;
    }
  }
  return orb;
}

function placeFinding(finding: Finding, definitions: Map<string, Definition>, displayDir: string): Problem[] {
  const owner = [...definitions.values()]
    .filter((d) => d.path.every((segment, i) => finding.path[i] === segment))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (owner) {
    const [problem] = placeFindings(owner.source, [{ path: [...owner.base, ...finding.path.slice(owner.path.length)], message: finding.message }]);
    return [{ ...problem!, path: formatPath(finding.path) }];
  }
  const below = [...definitions.values()].find((d) => finding.path.every((segment, i) => d.path[i] === segment));
  const file = below?.source.file ?? posix.join(displayDir, '@orb.yml');
  return [{ file, path: formatPath(finding.path), message: finding.message }];
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

function displayPath(dir: string): string {
  const shown = relative(process.cwd(), resolve(dir)) || '.';
  return shown.split(sep).join('/');
}
