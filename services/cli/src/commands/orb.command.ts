import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type Command } from 'commander';
import { REPO_ROOT, UsageError } from '../config';

/** Where this repository keeps its orb source and its own pipeline. */
export const ORB_SRC_DIR = resolve(REPO_ROOT, '.circleci/orb/src');
export const CIRCLECI_CONFIG = resolve(REPO_ROOT, '.circleci/config.yml');
/** The alias `.circleci/config.yml` carries the generated inline orb under. */
export const INLINE_ORB_ALIAS = 'keel';

interface OrbOptions {
  src: string;
  config: string;
  out?: string;
}

/**
 * `keel orb pack|validate|sync`: the CircleCI orb in .circleci/orb/src. Loads @keel/ci-orb (ajv, yaml: dev
 * dependencies) only when run, so the production images' CLI starts without them.
 */
export function registerOrb(program: Command): void {
  const orb = program.command('orb').description('the Keel CircleCI orb (.circleci/orb): pack it, validate it offline, sync its inline copy');
  const withPaths = (command: Command): Command =>
    command.option('--src <dir>', "orb source directory (its src/, with @orb.yml)", ORB_SRC_DIR).option('--config <file>', 'CircleCI config carrying the inline orb', CIRCLECI_CONFIG);

  withPaths(orb.command('pack'))
    .description('pack the orb source into one orb.yml, as `circleci orb pack` does (stdout, or --out)')
    .option('--out <file>', 'write the packed orb here instead of stdout')
    .action(async (options: OrbOptions) => {
      const { packOrb } = await import('@keel/ci-orb');
      const packed = packOrb(sourceDir(options.src), shown(options.src));
      if (!options.out) return void process.stdout.write(packed.yaml);
      writeFileSync(options.out, packed.yaml);
      console.error(`packed ${shown(options.src)} into ${options.out} (${summary(packed.orb)})`);
    });

  withPaths(orb.command('validate'))
    .description('check the packed orb and the CircleCI config against the CircleCI config schema and the orb rules, offline; exit 1 on problems')
    .action(async (options: OrbOptions) => {
      const { formatProblem, validateConfig, validateOrb } = await import('@keel/ci-orb');
      const { packed, problems } = validateOrb(sourceDir(options.src), { displayDir: shown(options.src) });
      if (!existsSync(options.config)) throw new UsageError(`--config: ${options.config} does not exist`);
      const configText = readFileSync(options.config, 'utf8');
      const configProblems = packed ? validateConfig(shown(options.config), configText, { inlineOrb: { alias: INLINE_ORB_ALIAS, packed } }) : [];
      const all = [...problems, ...configProblems];
      for (const problem of all) console.error(formatProblem(problem));
      if (all.length > 0) {
        console.error(`${all.length} problem(s)`);
        process.exitCode = 1;
        return;
      }
      console.log(`ok: ${shown(options.src)} (${summary(packed!.orb)}) and ${shown(options.config)}`);
    });

  withPaths(orb.command('sync'))
    .description(`regenerate the inline copy of the orb (orbs.${INLINE_ORB_ALIAS}) in the CircleCI config from the orb source`)
    .action(async (options: OrbOptions) => {
      const { packOrb, syncInlineOrb } = await import('@keel/ci-orb');
      const packed = packOrb(sourceDir(options.src), shown(options.src));
      if (!existsSync(options.config)) throw new UsageError(`--config: ${options.config} does not exist`);
      const before = readFileSync(options.config, 'utf8');
      const after = syncInlineOrb(before, INLINE_ORB_ALIAS, packed);
      if (after !== before) writeFileSync(options.config, after);
      console.log(`${shown(options.config)}: inline orb ${INLINE_ORB_ALIAS} ${after === before ? 'already up to date' : 'updated'}`);
    });
}

function sourceDir(dir: string): string {
  if (!existsSync(resolve(dir))) throw new UsageError(`--src: ${dir} does not exist`);
  return resolve(dir);
}

function shown(path: string): string {
  return relative(process.cwd(), resolve(path)) || '.';
}

function summary(orb: Record<string, unknown>): string {
  const count = (key: string): number => Object.keys((orb[key] as object | undefined) ?? {}).length;
  return `${count('commands')} commands, ${count('jobs')} jobs, ${count('executors')} executors, ${count('examples')} examples`;
}
