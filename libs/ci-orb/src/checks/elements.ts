import { type Finding, isMapping, type PathSegment } from '../problem';
import { checkParameterDeclarations, nonEmpty } from './parameters';
import { checkArguments, type ElementKind, isReference, lookup, type OrbReference, parametersOf, type Scope } from './scope';

/** Built-in steps written as a bare string. */
const BARE_BUILTIN_STEPS = new Set(['checkout', 'setup_remote_docker', 'add_ssh_keys']);
/** Built-in steps written as `- name: {...}` (`when`/`unless`/`steps` hold further steps). */
const BUILTIN_STEPS = new Set(['run', 'checkout', 'setup_remote_docker', 'save_cache', 'restore_cache', 'deploy', 'store_artifacts', 'store_test_results', 'persist_to_workspace', 'attach_workspace', 'add_ssh_keys']);
const SECTION_KIND: ReadonlyArray<[string, ElementKind]> = [['commands', 'command'], ['executors', 'executor'], ['jobs', 'job']];

export interface ElementCheckOptions {
  /** Orbs: every command, job, executor and parameter needs a description (as `circleci orb validate` reviews). */
  readonly requireDescriptions: boolean;
}

/**
 * Checks the reusable elements of a config or orb against each other: commands invoked in steps exist and get
 * their parameters, jobs' executors exist and get theirs, `<< parameters.x >>` is declared where it is used.
 * Findings and the orb references seen (`alias/name`) accumulate on the instance.
 */
export class ElementChecker {
  readonly findings: Finding[] = [];
  readonly references: OrbReference[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly options: ElementCheckOptions,
  ) {}

  /** Checks every command, executor and job defined in `document` (a config, an orb or an inline orb). */
  checkDefinitions(document: Record<string, unknown>, prefix: readonly PathSegment[] = []): void {
    for (const [section, kind] of SECTION_KIND) {
      const elements = document[section];
      if (!isMapping(elements)) continue;
      for (const [name, element] of Object.entries(elements)) {
        if (isMapping(element)) this.checkDefinition(kind, element, [...prefix, section, name]);
      }
    }
  }

  /** Checks a list of steps (a command's, a job's, or `pre-steps`/`post-steps` in a workflow). */
  checkSteps(steps: unknown, path: readonly PathSegment[]): void {
    if (!Array.isArray(steps)) return;
    steps.forEach((step, index) => this.checkStep(step, [...path, index]));
  }

  private checkDefinition(kind: ElementKind, element: Record<string, unknown>, path: readonly PathSegment[]): void {
    if (this.options.requireDescriptions && !nonEmpty(element['description'])) this.findings.push({ path, message: `${kind} needs a description` });
    this.findings.push(...checkParameterDeclarations(element, path, kind, this.options.requireDescriptions));
    for (const [name, parameter] of Object.entries(parametersOf(element))) {
      const at = [...path, 'parameters', name, 'default'];
      if (parameter['type'] === 'executor' && typeof parameter['default'] === 'string') this.resolve('executor', parameter['default'], at, {});
      if (parameter['type'] === 'steps') this.checkSteps(parameter['default'], at);
    }
    if (kind === 'job') this.checkExecutorUse(element, path);
    if (kind !== 'executor') this.checkSteps(element['steps'], [...path, 'steps']);
  }

  private checkExecutorUse(job: Record<string, unknown>, path: readonly PathSegment[]): void {
    const executor = job['executor'];
    const at = [...path, 'executor'];
    if (typeof executor === 'string') {
      const parameter = /^\s*<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>\s*$/.exec(executor)?.[1];
      if (parameter === undefined) return this.resolve('executor', executor, at, {});
      const type = parametersOf(job)[parameter]?.['type'];
      if (type !== undefined && type !== 'executor') this.findings.push({ path: at, message: `parameter '${parameter}' is used as an executor but has type ${String(type)}` });
    } else if (isMapping(executor)) {
      const { name, ...args } = executor;
      if (typeof name === 'string' && !isReference(name)) this.resolve('executor', name, at, args);
    }
  }

  private checkStep(step: unknown, path: readonly PathSegment[]): void {
    if (typeof step === 'string') {
      if (!BARE_BUILTIN_STEPS.has(step) && !isReference(step)) this.resolve('command', step, path, {});
      return;
    }
    if (!isMapping(step) || Object.keys(step).length !== 1) return;
    const [name, args] = Object.entries(step)[0]!;
    if (name === 'when' || name === 'unless') {
      if (isMapping(args)) this.checkSteps(args['steps'], [...path, name, 'steps']);
    } else if (name === 'steps') {
      this.checkSteps(args, [...path, name]);
    } else if (!BUILTIN_STEPS.has(name)) {
      this.resolve('command', name, [...path, name], isMapping(args) ? args : {});
    }
  }

  /** Looks `ref` up and checks the arguments given to it. */
  resolve(kind: ElementKind, ref: string, path: readonly PathSegment[], args: Record<string, unknown>, extraKeys?: ReadonlySet<string>): void {
    const found = lookup(this.scope, kind, ref, path, this.references);
    if ('finding' in found) this.findings.push(found.finding);
    else if ('element' in found) this.findings.push(...checkArguments(args, found.element, ref, path, extraKeys));
  }
}
