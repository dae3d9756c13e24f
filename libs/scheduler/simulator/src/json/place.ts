import {
  type ClusterState,
  type PodSpec,
  podKey,
  type Profile,
  type Rng,
  scheduleGang,
  scheduleOne,
  type ScheduleResult,
} from '@keel/scheduler-framework';
import { type SimulationLog } from './simulation-log';

/** Schedule one pod; if it may preempt, evict the victims and try once more. */
export function placeOne(pod: PodSpec, state: ClusterState, profile: Profile, rng: Rng, log: SimulationLog): void {
  let result: ScheduleResult = scheduleOne(pod, state, profile, { rng });
  if (result.kind === 'Unschedulable' && result.preemption !== undefined) {
    const plan = result.preemption;
    for (const victim of plan.victims) {
      const removed = state.remove(victim);
      if (removed !== undefined) log.preempted(victim, { victim: removed.name, by: pod.name, node: plan.node });
    }
    result = scheduleOne(pod, state, { ...profile, preemption: false }, { rng });
  }
  if (result.kind === 'Scheduled') {
    state.bind(pod, result.node, result.gpus);
    log.placed(podKey(pod), { pod: pod.name, node: result.node, gpus: result.gpus });
  } else {
    log.pending({ pod: pod.name, message: result.message, reasons: result.reasons });
  }
}

/** Schedule a gang all or nothing; when it does not fit, every member is reported pending. */
export function placeGang(members: readonly PodSpec[], state: ClusterState, profile: Profile, rng: Rng, log: SimulationLog): void {
  const result = scheduleGang(members, state, profile, { rng });
  if (result.kind === 'Scheduled') {
    for (const p of result.placements) {
      const pod = members.find((m) => m.name === p.pod);
      if (pod === undefined) continue;
      state.bind(pod, p.node, p.gpus);
      log.placed(podKey(pod), { pod: pod.name, node: p.node, gpus: p.gpus });
    }
    return;
  }
  const message = `gang ${members[0]?.gang ?? ''}: pod ${result.pod} does not fit: ${result.message}`;
  for (const pod of members) log.pending({ pod: pod.name, message, reasons: result.reasons });
}
