import { DomainError } from '@keel/kernel';
import { buildProfile, ClusterState, type PodSpec, type Profile, seededRng } from '@keel/scheduler-framework';
import { defaultProfileConfig, defaultRegistry, selectDevicesBestFit, typicalPodsFromSpecs } from '@keel/scheduler-plugins';
import { type PodInput } from './input-schema';
import { parseSimulateInput } from './parse-input';
import { type SimulateOutput } from './simulate-output';
import { SimulationLog } from './simulation-log';
import { toNodeSpec, toPodSpec } from './to-cluster';
import { placeGang, placeOne } from './place';

/**
 * `keel simulate --input cluster.json --json`: validate the document, bind the running pods, then
 * schedule the others in input order with the default profile (gangs all or nothing, preemption on).
 * Pure: nothing outside the returned value changes. Malformed input throws a field-naming
 * `DomainError('Validation')`.
 */
export function simulate(raw: unknown): SimulateOutput {
  const input = parseSimulateInput(raw);
  const state = new ClusterState(input.nodes.map(toNodeSpec));
  for (const pod of input.pods) if (pod.nodeName !== undefined) bindRunning(state, pod, pod.nodeName);
  const profile = defaultProfile(input.pods.map(toPodSpec));
  const rng = seededRng(input.seed);
  const log = new SimulationLog();
  const pending = input.pods.filter((p) => p.nodeName === undefined).map(toPodSpec);
  const doneGangs = new Set<string>();
  for (const pod of pending) {
    if (pod.gang === undefined) placeOne(pod, state, profile, rng, log);
    else if (!doneGangs.has(gangKey(pod))) {
      doneGangs.add(gangKey(pod));
      placeGang(pending.filter((p) => p.gang !== undefined && gangKey(p) === gangKey(pod)), state, profile, rng, log);
    }
  }
  return log.output();
}

function gangKey(pod: PodSpec): string {
  return `${pod.namespace}/${pod.gang ?? ''}`;
}

function bindRunning(state: ClusterState, pod: PodInput, nodeName: string): void {
  const node = state.node(nodeName);
  const spec = toPodSpec(pod);
  const gpus = pod.gpuIndices ?? (node === undefined ? [] : selectDevicesBestFit(spec.gpu, node));
  state.bind(spec, nodeName, gpus);
}

function defaultProfile(pods: readonly PodSpec[]): Profile {
  const typical = typicalPodsFromSpecs(pods);
  const built = buildProfile(defaultProfileConfig(typical.length > 0 ? { typicalPods: typical } : undefined), defaultRegistry());
  if (!built.ok) throw new DomainError('Validation', built.error);
  return built.value;
}

