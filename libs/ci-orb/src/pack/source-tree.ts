import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type PathSegment, type Problem } from '../problem';

/** Directories `circleci orb pack` turns into keys; any other directory under src/ (scripts/, tests/) is not packed. */
export const PACKED_DIRECTORIES = ['commands', 'executors', 'jobs', 'examples'] as const;

/** One YAML file of the orb source and where its mapping lands in the packed orb. */
export interface SourceFile {
  /** Path relative to the orb's src/ directory, with forward slashes. */
  readonly relativePath: string;
  readonly absolutePath: string;
  /**
   * Key path the file's mapping is merged into. `commands/migrate.yml` → ['commands', 'migrate'] (the file is
   * the command); `@orb.yml` and other root files → [] (their keys are the orb's keys); `commands/@all.yml`
   * → ['commands'] (its keys are commands).
   */
  readonly keyPath: readonly PathSegment[];
  /** True when the file's keys are merged into keyPath rather than being keyPath's value. */
  readonly mergesKeys: boolean;
}

const YAML_FILE = /^[^.].*\.(yml|yaml)$/;

/**
 * Lists the YAML files `circleci orb pack` reads, in its order: root files (merged into the root),
 * then one level of commands/, executors/, jobs/, examples/. A YAML file in a subdirectory of those would
 * be silently dropped by the CircleCI CLI, so it is reported as a problem here.
 */
export function collectSourceFiles(srcDir: string, displayDir: string): { files: SourceFile[]; problems: Problem[] } {
  const files: SourceFile[] = [];
  const problems: Problem[] = [];
  for (const entry of sortedEntries(srcDir)) {
    const absolutePath = join(srcDir, entry);
    if (isDirectory(absolutePath)) {
      if ((PACKED_DIRECTORIES as readonly string[]).includes(entry)) collectDirectory(srcDir, entry, displayDir, files, problems);
    } else if (YAML_FILE.test(entry)) {
      files.push({ relativePath: entry, absolutePath, keyPath: [], mergesKeys: true });
    }
  }
  return { files, problems };
}

function collectDirectory(srcDir: string, directory: string, displayDir: string, files: SourceFile[], problems: Problem[]): void {
  for (const entry of sortedEntries(join(srcDir, directory))) {
    const relativePath = posix.join(directory, entry);
    const absolutePath = join(srcDir, relativePath);
    if (isDirectory(absolutePath)) {
      if (!entry.startsWith('.') && containsYaml(absolutePath)) {
        problems.push({
          file: posix.join(displayDir, relativePath),
          path: '',
          message: `subdirectories of ${directory}/ are not packed (circleci orb pack ignores them); move the files up into ${directory}/`,
        });
      }
    } else if (YAML_FILE.test(entry)) {
      const merges = entry.startsWith('@');
      const keyPath = merges ? [directory] : [directory, withoutExtension(entry)];
      files.push({ relativePath, absolutePath, keyPath, mergesKeys: merges });
    }
  }
}

/** `migrate.yml` → `migrate`; `a.b.yaml` → `a.b` (only the last extension goes, as in the CircleCI CLI). */
export function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function readSource(file: SourceFile): string {
  return readFileSync(file.absolutePath, 'utf8');
}

function sortedEntries(directory: string): string[] {
  return readdirSync(directory).sort();
}

function isDirectory(path: string): boolean {
  return statSync(path).isDirectory();
}

function containsYaml(directory: string): boolean {
  return readdirSync(directory).some((entry) => {
    const path = join(directory, entry);
    return isDirectory(path) ? containsYaml(path) : YAML_FILE.test(entry);
  });
}
