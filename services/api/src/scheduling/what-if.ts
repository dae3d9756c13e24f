import { DomainError, type FieldIssue } from '@keel/kernel';
import { simulate, type SimulateOutput } from '@keel/scheduler-simulator';
import { HttpProblem } from '../common/api-error';
import { type LiveCluster } from './live-cluster';
import { type SimulateRequest } from './simulate-request';

/**
 * Runs the What-if simulator on the live cluster plus the request's hypothetical nodes and pods. Live
 * nodes and pods come first in the input, so the simulator's own checks (duplicate names, unknown
 * `nodeName`, …) report paths into the combined input; they are shifted back to point into the request
 * body. Nothing is written anywhere: `simulate` is pure.
 */
export function whatIf(live: LiveCluster, request: SimulateRequest): SimulateOutput {
  const input = {
    nodes: [...live.nodes, ...request.nodes],
    pods: [...live.pods, ...request.pods],
    ...(request.seed === undefined ? {} : { seed: request.seed }),
  };
  try {
    return simulate(input);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'Validation') throw toRequestProblem(error, { nodes: live.nodes.length, pods: live.pods.length });
    throw error;
  }
}

type Offsets = Readonly<Record<'nodes' | 'pods', number>>;

function toRequestProblem(error: DomainError, offsets: Offsets): HttpProblem {
  const details: FieldIssue[] = error.details.map((d) => ({ path: shiftPath(d.path, offsets) ?? d.path, reason: d.reason }));
  const head = /^(nodes|pods)\[\d+\][^:]*/.exec(error.message)?.[0];
  const shifted = head === undefined ? undefined : shiftPath(head, offsets);
  if (head !== undefined && shifted === undefined) {
    // The live part of the input was refused: the read models hold something the simulator cannot take.
    return new HttpProblem(500, 'Internal', `the live cluster could not be simulated: ${error.message}`);
  }
  const message = head === undefined || shifted === undefined ? error.message : `${shifted}${error.message.slice(head.length)}`;
  return new HttpProblem(400, 'Validation', message, details);
}

/** `pods[7].name` → `pods[2].name` with 5 live pods; undefined when the path points at a live entry. */
function shiftPath(path: string, offsets: Offsets): string | undefined {
  const match = /^(nodes|pods)\[(\d+)\]/.exec(path);
  if (match === null) return path;
  const kind = match[1] as keyof Offsets;
  const index = Number(match[2]) - offsets[kind];
  return index < 0 ? undefined : `${kind}[${index}]${path.slice(match[0].length)}`;
}
