import { isMapping, type PathSegment } from '../problem';
import { type ElementChecker } from './elements';

/** Keys a workflow may give a job besides the job's own parameters. */
const WORKFLOW_JOB_KEYS = new Set(['requires', 'context', 'filters', 'name', 'matrix', 'pre-steps', 'post-steps', 'type', 'serial-group', 'override-with']);

/**
 * Checks each workflow's jobs: the job exists (locally or in an inline orb) and gets its parameters (a
 * matrix supplies some), pre-/post-steps are valid steps, and every `requires` names a job of the same workflow.
 */
export function checkWorkflows(workflows: unknown, checker: ElementChecker): void {
  if (!isMapping(workflows)) return;
  for (const [workflowName, workflow] of Object.entries(workflows)) {
    if (!isMapping(workflow) || !Array.isArray(workflow['jobs'])) continue;
    const path: PathSegment[] = ['workflows', workflowName, 'jobs'];
    const entries = workflow['jobs'].map((entry: unknown, index) => ({ ...jobEntry(entry), path: [...path, index] }));
    const names = new Set(entries.flatMap((e) => [e.name, ...(e.matrixAlias ? [e.matrixAlias] : [])]));
    const matrixPrefixes = entries.filter((e) => e.matrixAlias).map((e) => `${e.name}-`);
    for (const entry of entries) {
      if (entry.ref === undefined) continue;
      const at = typeof entry.raw === 'string' ? entry.path : [...entry.path, entry.ref];
      if (entry.args['type'] !== 'approval') {
        const matrix = isMapping(entry.args['matrix']) && isMapping(entry.args['matrix']['parameters']) ? entry.args['matrix']['parameters'] : {};
        checker.resolve('job', entry.ref, at, { ...Object.fromEntries(Object.keys(matrix).map((k) => [k, `<< matrix.${k} >>`])), ...entry.args }, WORKFLOW_JOB_KEYS);
      }
      checker.checkSteps(entry.args['pre-steps'], [...at, 'pre-steps']);
      checker.checkSteps(entry.args['post-steps'], [...at, 'post-steps']);
      const requires = Array.isArray(entry.args['requires']) ? entry.args['requires'] : [];
      requires.forEach((required: unknown, index) => {
        const name = String(required);
        if (names.has(name) || matrixPrefixes.some((prefix) => name.startsWith(prefix))) return;
        checker.findings.push({ path: [...at, 'requires', index], message: `requires '${name}', which is not a job of workflow '${workflowName}'` });
      });
    }
  }
}

interface JobEntry {
  readonly raw: unknown;
  readonly ref: string | undefined;
  readonly args: Record<string, unknown>;
  readonly name: string;
  readonly matrixAlias: string | undefined;
}

function jobEntry(raw: unknown): JobEntry {
  if (typeof raw === 'string') return { raw, ref: raw, args: {}, name: raw, matrixAlias: undefined };
  if (!isMapping(raw) || Object.keys(raw).length !== 1) return { raw, ref: undefined, args: {}, name: '', matrixAlias: undefined };
  const [ref, value] = Object.entries(raw)[0]!;
  const args = isMapping(value) ? value : {};
  const name = typeof args['name'] === 'string' ? args['name'] : ref;
  const matrix = isMapping(args['matrix']) ? args['matrix'] : undefined;
  const matrixAlias = matrix ? (typeof matrix['alias'] === 'string' ? matrix['alias'] : ref) : undefined;
  return { raw, ref, args, name, matrixAlias };
}
