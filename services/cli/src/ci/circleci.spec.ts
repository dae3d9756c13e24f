import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatProblem, type PackedOrb, validateConfig, validateOrb } from '@keel/ci-orb';
import { REPO_ROOT } from '../config';

const ORB_SRC = join(REPO_ROOT, '.circleci', 'orb', 'src');
const CONFIG_FILE = '.circleci/config.yml';
const configText = readFileSync(join(REPO_ROOT, CONFIG_FILE), 'utf8');
const config = parse(configText) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { packed, problems: orbProblems } = validateOrb(ORB_SRC, { displayDir: '.circleci/orb/src' });
const orb = packed?.orb as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Names of the commands a job's steps invoke, in order, looking inside when/unless. */
function invoked(steps: unknown[]): string[] {
  return steps.flatMap((step) => {
    if (typeof step === 'string') return [step];
    const [name, args] = Object.entries(step as object)[0]! as [string, { steps?: unknown[] }];
    return name === 'when' || name === 'unless' ? invoked(args.steps ?? []) : [name];
  });
}

/** The arguments a workflow gives job `name` (undefined when the workflow does not run it with arguments). */
function workflowJob(jobs: unknown[], name: string): Record<string, unknown> | undefined {
  const entry = jobs.find((j) => typeof j === 'object' && j !== null && name in j) as Record<string, Record<string, unknown>> | undefined;
  return entry?.[name];
}

describe('the Keel orb (.circleci/orb/src)', () => {
  it('packs and passes the offline validation (config schema + orb rules) without problems', () => {
    expect(orbProblems.map(formatProblem)).toEqual([]);
  });

  it('has the migrate, rebuild-projections, verify-projections and deploy-service commands, and a deploy job', () => {
    expect(Object.keys(orb['commands'])).toEqual(expect.arrayContaining(['migrate', 'rebuild-projections', 'verify-projections', 'deploy-service']));
    expect(Object.keys(orb['jobs'])).toEqual(expect.arrayContaining(['deploy']));
  });

  it('deploys in order: migrations, then the rollout, then the projection rebuild (then the optional verify)', () => {
    expect(invoked(orb['jobs'].deploy.steps).filter((s) => !['checkout', 'steps', 'install-kubectl'].includes(s))).toEqual([
      'migrate',
      'deploy-service',
      'rebuild-projections',
      'verify-projections',
    ]);
  });

  it('takes the database URL from an env_var_name parameter defaulting to DATABASE_URL, everywhere it touches the database', () => {
    for (const element of [orb['commands'].migrate, orb['commands']['rebuild-projections'], orb['commands']['verify-projections'], orb['jobs'].deploy, orb['jobs'].verify]) {
      expect(element.parameters['database-url-env']).toMatchObject({ type: 'env_var_name', default: 'DATABASE_URL' });
    }
  });

  it('rebuilds the changed projections by default and deploys a version (image tag)', () => {
    expect(orb['commands']['rebuild-projections'].parameters.projections).toMatchObject({ type: 'string', default: 'changed' });
    expect(orb['jobs'].deploy.parameters.projections).toMatchObject({ type: 'string', default: 'changed' });
    expect(orb['jobs'].deploy.parameters.version.type).toBe('string');
    expect(orb['commands']['deploy-service'].parameters.version.type).toBe('string');
    expect(orb['jobs'].verify.parameters.version).toEqual(expect.not.objectContaining({ default: expect.anything() }));
  });

  it('runs the Keel CLI the way the executors provide it: npx in a checkout, bin/keel.js in the CLI image', () => {
    expect(orb['executors'].node.environment.KEEL_CLI).toBe('npx --no-install keel');
    expect(orb['executors'].image.environment.KEEL_CLI).toBe('node /app/bin/keel.js');
    const dockerfile = readFileSync(join(REPO_ROOT, 'services/cli/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/keel.js"]');
    expect(orb['executors'].image.parameters.image.default).toBe('keel/migrate');
  });
});

describe('.circleci/config.yml', () => {
  it('passes the offline validation, with its inline copy of the orb in sync with the source', () => {
    expect(validateConfig(CONFIG_FILE, configText, { inlineOrb: { alias: 'keel', packed: packed as PackedOrb } }).map(formatProblem)).toEqual([]);
    expect(config['orbs'].keel).toEqual(orb);
  });

  it('lints with buf (lint + breaking against main), eslint and tsc', () => {
    const commands = config['jobs'].lint.steps.map((s: { run?: { command: string } }) => s.run?.command ?? '').join('\n');
    expect(commands).toContain('npm run proto:check');
    expect(commands).toContain('git fetch --no-tags origin +refs/heads/main:refs/remotes/origin/main');
    expect(commands).toContain('npm run lint');
    expect(commands).toContain('npm run typecheck');
  });

  it('tests against a Postgres service with Java 17 for the Kafka broker, and shellcheck and bats installed', () => {
    const executor = config['executors'][config['jobs'].test.executor];
    expect(executor.docker[0].image).toMatch(/^cimg\/node:20\./);
    expect(executor.docker[1].image).toMatch(/^cimg\/postgres:16/);
    expect(executor.environment.JAVA_HOME).toContain('java-17');
    const steps = config['jobs'].test.steps as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(steps.find((s) => s['apt-install'])!['apt-install'].packages.split(' ')).toEqual(expect.arrayContaining(['openjdk-17-jre-headless', 'maven', 'shellcheck', 'bats']));
    expect(steps.some((s) => s['run']?.command === 'npm test')).toBe(true);
  });

  it('builds every image the repository has a Dockerfile for', () => {
    const build = config['jobs'].images.steps.find((s: { run?: { name: string } }) => s.run?.name.startsWith('Build')).run.command as string;
    const looped = /for role in ([a-z ]+); do\s+docker build -f "services\/\$role\/Dockerfile"/.exec(build)?.[1]?.split(' ') ?? [];
    const explicit = [...build.matchAll(/docker build -f services\/([a-z]+)\/Dockerfile/g)].map((m) => m[1]!);
    const withDockerfile = readdirSync(join(REPO_ROOT, 'services')).filter((service) => readdirSync(join(REPO_ROOT, 'services', service)).includes('Dockerfile'));
    expect([...looped, ...explicit].sort()).toEqual(withDockerfile.sort());
  });

  it('validates and packs the orb', () => {
    const commands = config['jobs'].orb.steps.map((s: { run?: { command: string } }) => s.run?.command ?? '').join('\n');
    expect(commands).toContain('npx keel orb validate');
    expect(commands).toContain('npx keel orb pack --out dist/orb.yml');
  });

  it('deploys with the orb on main only, after the checks and the image push', () => {
    const { ci, deploy } = config['workflows'];
    expect(ci.when).toEqual({ not: { equal: ['main', '<< pipeline.git.branch >>'] } });
    expect(deploy.when).toEqual({ equal: ['main', '<< pipeline.git.branch >>'] });
    const job = workflowJob(deploy.jobs, 'keel/deploy');
    expect(job).toMatchObject({ requires: ['push-images'], overlay: 'k8s/overlays/example', version: '<< pipeline.git.revision >>' });
    const push = workflowJob(deploy.jobs, 'images');
    expect(push).toMatchObject({ push: true, requires: ['lint', 'test', 'orb'] });
    expect(workflowJob(ci.jobs, 'keel/deploy')).toBeUndefined();
  });

  it('is checked for real: a broken copy gives problems naming the line and path', () => {
    const broken = configText.replace('requires: [push-images]', 'requires: [push-imagez]').replace('overlay: k8s/overlays/example', 'overlays: k8s/overlays/example');
    const messages = validateConfig(CONFIG_FILE, broken).map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.circleci\/config\.yml:\d+:\d+: workflows\.deploy\.jobs\[4\]\.keel\/deploy\.requires\[0\]: requires 'push-imagez', which is not a job of workflow 'deploy'$/),
        expect.stringMatching(/workflows\.deploy\.jobs\[4\]\.keel\/deploy\.overlays: 'keel\/deploy' has no parameter 'overlays'/),
        expect.stringMatching(/workflows\.deploy\.jobs\[4\]\.keel\/deploy: 'keel\/deploy' needs parameter 'overlay'/),
      ]),
    );
  });
});
