import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type PodSpec } from '../model/pod';
import { type Profile } from '../profile';
import { type ScheduleOptions, scheduleOne } from './schedule-one';
import { type Scheduled } from './schedule-result';

/** Every member placed (in deterministic name order) — or none. */
export type GangResult =
  | { readonly kind: 'Scheduled'; readonly placements: readonly (Scheduled & { readonly pod: string })[] }
  | { readonly kind: 'Unschedulable'; readonly pod: string; readonly message: string; readonly reasons: Readonly<Record<string, number>> };

/**
 * Place a gang (e.g. the pipeline-parallel stages of one replica) all or nothing: members are tried in
 * name order on a fork of the snapshot, each seeing the earlier members' placements; if one does not
 * fit, nothing is reserved. Gangs never hold partial reservations, so two gangs cannot deadlock.
 */
export function scheduleGang(pods: readonly PodSpec[], snapshot: ClusterSnapshot, profile: Profile, options: ScheduleOptions = {}): GangResult {
  const fork = snapshot.fork();
  const members = [...pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const noPreemption: Profile = { ...profile, preemption: false };
  const placements: (Scheduled & { pod: string })[] = [];
  let start = options.startNodeIndex ?? 0;
  for (const pod of members) {
    const result = scheduleOne(pod, fork, noPreemption, { ...options, startNodeIndex: start });
    if (result.kind !== 'Scheduled') {
      return { kind: 'Unschedulable', pod: pod.name, message: result.message, reasons: result.reasons };
    }
    fork.bind(pod, result.node, result.gpus);
    placements.push({ ...result, pod: pod.name });
    start = result.nextStartNodeIndex;
  }
  return { kind: 'Scheduled', placements };
}
