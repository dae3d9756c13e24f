/** One top-ranked node with its total and per-plugin weighted scores. */
export interface CandidateScore {
  readonly node: string;
  readonly total: number;
  readonly plugins: Readonly<Record<string, number>>;
}

/** Victims a pod may evict on one node, chosen by the Kubernetes preemption tie-breaks. */
export interface PreemptionPlan {
  readonly node: string;
  /** Pod keys (`namespace/name`), whole gangs included. */
  readonly victims: readonly string[];
}

/** The pod fits: where, on which devices, and why there. */
export interface Scheduled {
  readonly kind: 'Scheduled';
  readonly node: string;
  readonly gpus: readonly number[];
  readonly candidates: readonly CandidateScore[];
  readonly feasibleNodes: number;
  /** Where the next cycle should start scanning (kube-scheduler's rotating start index). */
  readonly nextStartNodeIndex: number;
}

/** The pod fits nowhere: per-reason node counts, the Kubernetes-form message, maybe a preemption plan. */
export interface Unschedulable {
  readonly kind: 'Unschedulable';
  readonly message: string;
  readonly reasons: Readonly<Record<string, number>>;
  readonly preemption?: PreemptionPlan;
}

/** Result of one scheduling decision. */
export type ScheduleResult = Scheduled | Unschedulable;
