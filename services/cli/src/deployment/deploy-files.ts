import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { API_ENV_VARS, loadApiConfig } from '@keel/api';
import { KAFKA_ENV_VARS, kafkaSettingsFromEnv } from '@keel/messaging';
import { CLI_ENV_VARS, loadCliConfig, loadStartConfig, REPO_ROOT, START_ENV_VARS } from '../config';
import { loadWorkerConfig, WORKER_ENV_VARS } from '../worker/worker-config';

/** Test helpers for the deployment artefacts: the roles' real configuration, YAML and Dockerfile parsing. */

/** A Keel image role: its Dockerfile, the `keel` command it runs and the environment its config reads. */
export interface Role {
  readonly dockerfile: string;
  readonly command: string;
  readonly env: readonly string[];
  /** Validates an environment the way the role does at start-up (throws on a bad value). */
  readonly load: (env: NodeJS.ProcessEnv) => void;
  /** Serves `/healthz` and `/readyz` on PORT. */
  readonly http: boolean;
  /** Serves gRPC on KEEL_GRPC_PORT (default 50051). */
  readonly grpc: boolean;
}

/** The Kafka settings, read as a role on `KEEL_TRANSPORT=kafka` reads them at start-up. */
function loadKafka(env: NodeJS.ProcessEnv): void {
  if (env['KEEL_TRANSPORT'] === 'kafka') kafkaSettingsFromEnv(env);
}

export const ROLES: Readonly<Record<string, Role>> = {
  api: {
    dockerfile: 'services/api/Dockerfile',
    command: 'start',
    env: [...API_ENV_VARS, ...START_ENV_VARS, ...KAFKA_ENV_VARS],
    load: (env) => (loadApiConfig(env), loadStartConfig(env), loadKafka(env)),
    http: true,
    grpc: true,
  },
  projector: { dockerfile: 'services/projector/Dockerfile', command: 'projector', env: [...WORKER_ENV_VARS, ...KAFKA_ENV_VARS], load: (env) => (loadWorkerConfig(env), loadKafka(env)), http: true, grpc: false },
  scheduler: { dockerfile: 'services/scheduler/Dockerfile', command: 'scheduler', env: [...WORKER_ENV_VARS, ...KAFKA_ENV_VARS], load: (env) => (loadWorkerConfig(env), loadKafka(env)), http: true, grpc: false },
  migrate: { dockerfile: 'services/cli/Dockerfile', command: 'migrate', env: CLI_ENV_VARS, load: loadCliConfig, http: false, grpc: false },
};

/** The role of an image reference such as `registry.example.com/keel/api:0.1.0` (undefined: not Keel's). */
export function roleOfImage(image: string): string | undefined {
  const match = /(?:^|\/)keel\/([a-z-]+)(?::[\w.-]+)?$/.exec(image);
  const role = match?.[1];
  return role !== undefined && role in ROLES ? role : undefined;
}

export const repoPath = (path: string): string => join(REPO_ROOT, path);

/** Every `.yaml`/`.yml` file under `dir`, as repository-relative paths. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(repoPath(dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(repoPath(path)).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Parses a multi-document YAML text; throws naming `source` on any syntax error. */
export function parseYaml(text: string, source: string): Record<string, unknown>[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Record<string, unknown> | null;
    return value === null ? [] : [value];
  });
}

export const readYaml = (path: string): Record<string, unknown>[] => parseYaml(readFileSync(repoPath(path), 'utf8'), path);

/** `kubectl kustomize <dir>` when kubectl is installed, else undefined. */
export function kustomize(dir: string): Record<string, unknown>[] | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return parseYaml(execFileSync('kubectl', ['kustomize', repoPath(dir)], { encoding: 'utf8' }), `kustomize ${dir}`);
}

/** A Dockerfile as instructions (continuation lines joined, comments dropped). */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export function parseDockerfile(path: string): Instruction[] {
  return readFileSync(repoPath(path), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of the last build stage (the runtime image). */
export function finalStage(instructions: readonly Instruction[]): Instruction[] {
  const from = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(from);
}

/** `ENV A=1 B=2` instructions of a stage, merged. */
export function dockerEnv(stage: readonly Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((i) => i.keyword === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [name = '', ...value] = pair.split('=');
      env[name] = value.join('=');
    }
  }
  return env;
}

export const fileExists = (path: string): boolean => existsSync(repoPath(path));

/** A placeholder for values that come from a Secret or compose interpolation, valid for the config schemas. */
export const PLACEHOLDER_DATABASE_URL = 'postgres://keel@db.invalid:5432/keel';
