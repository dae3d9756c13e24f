import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { type Finding, isMapping, type PathSegment } from '../problem';

/**
 * The CircleCI CLI's include pattern (process.MaybeIncludeFile, current version; older CLIs had no `-` in the
 * path class), quirks included: `\)?` makes the closing paren optional.
 */
const INCLUDE = /<<[\s]*include\(([-\w/.]+)\)?[\s]*>>/g;

/** An include that was replaced by a file's contents. */
export interface ResolvedInclude {
  /** Where the directive was, in the packed orb. */
  readonly path: readonly PathSegment[];
  /** The included file, relative to src/ as written in the directive. */
  readonly file: string;
}

/**
 * Replaces `<<include(file)>>` with the contents of `file` (relative to the orb's src/ directory) in every
 * string value below `value`, in place, following `circleci orb pack`: the directive must be the whole value,
 * one per value, and `<<` inside the included text is escaped as `\<<` so CircleCI does not read it as a
 * parameter. A file outside src/ or missing is a finding.
 */
export function resolveIncludes(value: unknown, path: readonly PathSegment[], srcDir: string, findings: Finding[], resolved: ResolvedInclude[]): unknown {
  if (typeof value === 'string') return includeString(value, path, srcDir, findings, resolved);
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveIncludes(item, [...path, index], srcDir, findings, resolved));
  }
  if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) value[key] = resolveIncludes(item, [...path, key], srcDir, findings, resolved);
  }
  return value;
}

function includeString(value: string, path: readonly PathSegment[], srcDir: string, findings: Finding[], resolved: ResolvedInclude[]): string {
  const matches = [...value.matchAll(INCLUDE)];
  if (matches.length === 0) return value;
  if (matches.length > 1) {
    findings.push({ path, message: `multiple include statements in one value: '${value}' (one <<include(file)>> per value)` });
    return value;
  }
  const [whole, file] = matches[0]! as unknown as [string, string];
  if (whole !== value) {
    findings.push({ path, message: `an include must be the entire value of its key, got '${value}'` });
    return value;
  }
  const target = resolve(srcDir, file);
  const inside = relative(srcDir, target);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    findings.push({ path, message: `include(${file}) points outside the orb's src/ directory` });
    return value;
  }
  if (!existsSync(target) || !statSync(target).isFile()) {
    findings.push({ path, message: `include(${file}): could not open ${file} for inclusion (no such file under src/)` });
    return value;
  }
  resolved.push({ path, file });
  return readFileSync(target, 'utf8').replaceAll('<<', '\\<<');
}
