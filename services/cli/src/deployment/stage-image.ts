import ignore from '@balena/dockerignore';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { type Instruction, repoPath } from './deploy-files';

/**
 * Test helpers that stage a Dockerfile's build without Docker: the build context as `.dockerignore`
 * selects it, and each stage's WORKDIR/COPY/RUN carried out literally into a directory standing for
 * the stage's root filesystem.
 */

/** One `FROM … AS name` stage of a Dockerfile and its instructions (the FROM included). */
export interface BuildStage {
  readonly name: string;
  readonly instructions: readonly Instruction[];
}

export function buildStages(instructions: readonly Instruction[]): BuildStage[] {
  const stages: { name: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const name = /\s+AS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/**
 * The work tree's files that `.dockerignore` lets into the build context (repository-relative), as
 * `docker build .` would send them: tracked files plus new files not yet added (a tracked file may already
 * import one), without what `.gitignore` excludes (node_modules, local data, caches).
 */
export function buildContextFiles(): string[] {
  const args = ['ls-files', '-z', '--cached', '--others', '--exclude-standard'];
  const listed = execFileSync('git', args, { cwd: repoPath('.'), encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0');
  const present = [...new Set(listed)].filter((path) => path !== '' && isFile(repoPath(path)));
  return ignore().add(readFileSync(repoPath('.dockerignore'), 'utf8').split('\n')).filter(present);
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Copies the build context into `dir` (file modes kept, as `docker build` sends them). */
export function stageBuildContext(dir: string): void {
  for (const path of buildContextFiles()) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(repoPath(path), join(dir, path));
  }
}

/** Where a stage runs: its root filesystem, the build context, and the root filesystems of earlier stages. */
export interface StageDirs {
  readonly rootfs: string;
  readonly context: string;
  readonly stages: Readonly<Record<string, string>>;
}

/** Instructions that only describe the image (user, ports, commands): nothing to stage. */
const METADATA = new Set(['FROM', 'USER', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD', 'LABEL']);

/**
 * Carries out a stage's WORKDIR, COPY and RUN instructions into `dirs.rootfs`. RUN may only run
 * `npm ci` (as root, like the build) and `npm cache clean` (skipped: it would empty the host's cache),
 * and not after an ENV (which would change what it does); anything else throws, so a Dockerfile change
 * this staging cannot reproduce fails loudly instead of being staged wrongly.
 */
export function runStage(stage: BuildStage, dirs: StageDirs): void {
  let workdir = '/';
  let env = false;
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, args);
      mkdirSync(join(dirs.rootfs, workdir), { recursive: true });
    } else if (keyword === 'COPY') copy(args, workdir, dirs);
    else if (keyword === 'RUN') {
      if (env) throw new Error(`${stage.name}: cannot stage RUN after ENV: ${args}`);
      run(args, join(dirs.rootfs, workdir));
    } else if (keyword === 'ENV') env = true;
    else if (!METADATA.has(keyword)) throw new Error(`${stage.name}: cannot stage ${keyword} ${args}`);
  }
}

function copy(args: string, workdir: string, dirs: StageDirs): void {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const [dest = '', ...reversedSources] = words.filter((word) => !word.startsWith('--')).reverse();
  const sources = reversedSources.reverse();
  const from = flags.map((flag) => /^--from=(.+)$/.exec(flag)?.[1]).find((name) => name !== undefined);
  if (flags.length !== (from === undefined ? 0 : 1)) throw new Error(`COPY ${args}: only --from is supported`);
  const sourceRoot = from === undefined ? dirs.context : dirs.stages[from];
  if (sourceRoot === undefined) throw new Error(`COPY ${args}: no stage named ${from}`);
  const target = join(dirs.rootfs, posix.resolve(workdir, dest));
  const intoDirectory = dest.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    if (/[*?[]/.test(source)) throw new Error(`COPY ${args}: wildcards are not supported`);
    const path = join(sourceRoot, source);
    if (!existsSync(path)) throw new Error(`COPY ${args}: ${source} is not in ${from === undefined ? 'the build context (see .dockerignore)' : `stage ${from}`}`);
    // A directory's contents are copied; a file lands in `dest/` or becomes `dest`.
    const to = lstatSync(path).isDirectory() || !intoDirectory ? target : join(target, posix.basename(source));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(path, to, { recursive: true, verbatimSymlinks: true });
  }
}

function run(args: string, cwd: string): void {
  for (const command of args.split('&&').map((part) => part.trim())) {
    if (/^npm cache clean\b/.test(command)) continue;
    if (!/^npm ci(\s+--[\w=-]+)*$/.test(command)) throw new Error(`cannot stage RUN ${command}`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    execFileSync('npm', command.split(/\s+/).slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

/** Makes a staged root filesystem as the image has it: everything root-owned, writable by root only. */
export function sealRootfs(rootfs: string): void {
  execFileSync('chown', ['-R', '0:0', rootfs]);
  execFileSync('chmod', ['-R', 'go-w', rootfs]);
  chmodSync(rootfs, 0o755);
}

/** An exec-form (`["node", "…"]`) ENTRYPOINT, CMD or HEALTHCHECK CMD argument list. */
export function execForm(args: string): string[] {
  const start = args.indexOf('[');
  const parsed: unknown = start < 0 ? undefined : JSON.parse(args.slice(start));
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed as string[];
}
