/** A pod the simulation placed (and that was not preempted later). */
export interface PlacementOutput {
  readonly pod: string;
  readonly node: string;
  readonly gpus: readonly number[];
}

/** A pod that fits nowhere, with the Kubernetes-form message and per-reason node counts. */
export interface UnschedulableOutput {
  readonly pod: string;
  readonly message: string;
  readonly reasons: Readonly<Record<string, number>>;
}

/** An eviction: `victim` made room for `by` on `node`. */
export interface PreemptionOutput {
  readonly victim: string;
  readonly by: string;
  readonly node: string;
}

/** `keel simulate --json` output. */
export interface SimulateOutput {
  readonly placements: readonly PlacementOutput[];
  readonly unschedulable: readonly UnschedulableOutput[];
  readonly preemptions: readonly PreemptionOutput[];
}
