import {
  type DeviceSelector,
  type FilterPlugin,
  type PreFilterPlugin,
  type ScorePlugin,
} from './plugin';

/** A score plugin with its weight. */
export interface WeightedScore {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** A ready-to-run scheduling profile: which plugins run, in which order, with which weights. */
export interface Profile {
  readonly name: string;
  readonly preFilters: readonly PreFilterPlugin[];
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly WeightedScore[];
  /** Chooses devices on the winning node; score plugins that select devices take precedence. */
  readonly deviceSelector: DeviceSelector | undefined;
  /** kube-scheduler's percentageOfNodesToScore; 0 = adaptive (50% − nodes/125, at least 5%), 100 = all. */
  readonly percentageOfNodesToScore: number;
  /** Whether an unschedulable pod may preempt strictly lower-priority pods. */
  readonly preemption: boolean;
  /** Equal best totals: `random` (kube selectHost, seeded) or `first` in scan order (the FGD simulator). */
  readonly tieBreak: 'random' | 'first';
  /** How many top candidates to report in the score breakdown. */
  readonly topCandidates: number;
}
