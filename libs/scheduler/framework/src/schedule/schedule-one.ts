import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { CycleState } from '../cycle/cycle-state';
import { type PodSpec, podKey } from '../model/pod';
import { type Profile } from '../profile';
import { hashString, type Rng, seededRng } from '../rng';
import { findFeasible } from './find-feasible';
import { fitErrorMessage } from './fit-error';
import { planPreemption } from './preemption';
import { type Priorities, prioritize } from './prioritize';
import { type CandidateScore, type ScheduleResult } from './schedule-result';
import { selectHost, topIndices } from './select-host';

/** A source that never replaces the first best node. */
const FIRST: Rng = { next: () => 1 };

/** Knobs of one decision that are not profile configuration. */
export interface ScheduleOptions {
  /** Tie-break source; default is seeded from the pod's key, so decisions replay. */
  readonly rng?: Rng;
  /** Node index to start scanning from (rotate with `nextStartNodeIndex`). Default 0. */
  readonly startNodeIndex?: number;
}

/**
 * Schedule one pod against an immutable snapshot: PreFilter → Filter → (PostFilter preemption) →
 * PreScore/Score/NormalizeScore → select host → choose devices. Never mutates the snapshot.
 */
export function scheduleOne(pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, options: ScheduleOptions = {}): ScheduleResult {
  const state = new CycleState();
  const total = snapshot.nodes.length;
  const start = total === 0 ? 0 : (options.startNodeIndex ?? 0) % total;
  const found = findFeasible(state, pod, snapshot, profile, start);
  if (found.feasible.length === 0) {
    const base = { kind: 'Unschedulable' as const, message: fitErrorMessage(total, found.reasons), reasons: Object.fromEntries(found.reasons) };
    const plan = profile.preemption ? planPreemption(pod, snapshot, profile, found.failures) : undefined;
    return plan === undefined ? base : { ...base, preemption: plan };
  }
  const priorities = prioritize(state, pod, snapshot, profile, found.feasible);
  const rng = options.rng ?? seededRng(hashString(podKey(pod)));
  const winner = selectHost(priorities.totals, found.feasible.length, profile.tieBreak === 'first' ? FIRST : rng);
  const node = snapshot.nodes[found.feasible[winner] as number];
  if (node === undefined) return { kind: 'Unschedulable', message: fitErrorMessage(total, found.reasons), reasons: {} };
  const gpus = profile.deviceSelector?.selectDevices(state, pod, node, snapshot) ?? [];
  return {
    kind: 'Scheduled',
    node: node.name,
    gpus,
    candidates: breakdown(snapshot, profile, found.feasible, priorities, winner),
    feasibleNodes: found.feasible.length,
    nextStartNodeIndex: total === 0 ? 0 : (start + found.processed) % total,
  };
}

function breakdown(snapshot: ClusterSnapshot, profile: Profile, feasible: readonly number[], p: Priorities, winner: number): CandidateScore[] {
  const top = topIndices(p.totals, feasible.length, profile.topCandidates);
  if (!top.includes(winner)) top.unshift(winner);
  else top.sort((a, b) => (a === winner ? -1 : b === winner ? 1 : 0));
  return top.map((i) => {
    const plugins: Record<string, number> = {};
    profile.scores.forEach((s, j) => (plugins[s.plugin.name] = round2(p.perPlugin[j]?.[i] ?? 0)));
    return { node: snapshot.nodes[feasible[i] as number]?.name ?? '', total: round2(p.totals[i] ?? 0), plugins };
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
