import { validateAgainstConfigSchema } from '../config-schema';
import { type Finding, isMapping } from '../problem';
import { ElementChecker } from './elements';
import { type OrbReference, scopeOf } from './scope';
import { checkWorkflows } from './workflows';

export interface ConfigCheckOptions {
  /** Orbs whose source we have, by the alias the config uses for them (replaces what `orbs:` says). */
  readonly inlineOrbs?: Record<string, Record<string, unknown>>;
}

/**
 * Checks a CircleCI config document: the published config schema, then what the schema cannot express —
 * commands, executors and jobs exist and get their parameters (in the config, its inline orbs and the orbs
 * we have the source of), `<< parameters.x >>` is declared, `requires` names jobs of the same workflow,
 * and every job runs in some workflow.
 */
export function checkConfigDocument(config: unknown, options: ConfigCheckOptions = {}): { findings: Finding[]; references: OrbReference[] } {
  if (!isMapping(config)) return { findings: [{ path: [], message: 'a CircleCI config must be a mapping' }], references: [] };
  const findings = validateAgainstConfigSchema(config);
  const reusable = ['orbs', 'commands', 'executors'].filter((key) => key in config);
  if (reusable.length > 0 && config['version'] !== 2.1) findings.push({ path: ['version'], message: `${reusable.join(', ')} need version: 2.1` });

  const checker = new ElementChecker(scopeOf(config, options.inlineOrbs), { requireDescriptions: false });
  checker.checkDefinitions(config);
  checkWorkflows(config['workflows'], checker);
  findings.push(...checker.findings, ...unusedJobs(config));

  const orbs = isMapping(config['orbs']) ? config['orbs'] : {};
  for (const [alias, orb] of Object.entries(orbs)) {
    if (!isMapping(orb) || options.inlineOrbs?.[alias]) continue;
    const inner = new ElementChecker(scopeOf(orb), { requireDescriptions: false });
    inner.checkDefinitions(orb, ['orbs', alias]);
    findings.push(...inner.findings);
  }
  return { findings, references: checker.references };
}

function unusedJobs(config: Record<string, unknown>): Finding[] {
  const jobs = isMapping(config['jobs']) ? Object.keys(config['jobs']) : [];
  const workflows = isMapping(config['workflows']) ? Object.values(config['workflows']) : [];
  const used = new Set<string>();
  for (const workflow of workflows) {
    if (!isMapping(workflow) || !Array.isArray(workflow['jobs'])) continue;
    for (const entry of workflow['jobs']) used.add(typeof entry === 'string' ? entry : isMapping(entry) ? (Object.keys(entry)[0] ?? '') : '');
  }
  return jobs.filter((job) => !used.has(job)).map((job) => ({ path: ['jobs', job], message: `job '${job}' is not run by any workflow` }));
}
