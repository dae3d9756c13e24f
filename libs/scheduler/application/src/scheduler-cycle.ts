import { type IdGenerator, type Clock, type MessageMetadata } from '@keel/kernel';
import { buildProfile, type Profile, type ProfileConfig } from '@keel/scheduler-framework';
import { defaultProfileConfig, defaultRegistry, typicalPodsFromSpecs } from '@keel/scheduler-plugins';
import { buildClusterPicture, type ClusterPicture } from './cluster-picture';
import { type ClusterView } from './cluster-view';
import { type PlannedCommand } from './commands';
import { type EventLog } from './event-log';
import { executePlan, type PlanOutcome, reload } from './execute-plan';
import { pendingUnits } from './pending-queue';
import { driftStreams, findDrift, isDrift, repairCommand } from './reconcile';
import { placeUnit, type UnitOutcome } from './place-unit';

/** What one scheduling pass did. */
export interface PassReport {
  bound: number;
  unschedulable: number;
  preempted: number;
  repaired: number;
  conflicts: number;
}

/** Dependencies of a {@link SchedulerCycle}. */
export interface SchedulerCycleOptions {
  readonly log: EventLog;
  readonly view: ClusterView;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Profile configuration; default is the plugins' default profile with FGD fed by the deployments' pod shapes. */
  readonly profile?: ProfileConfig;
  /** Attempts per unit when the view turns out stale (default 3). */
  readonly maxAttempts?: number;
}

/**
 * One scheduling pass over the view: repair drift between node and deployment streams (evictions by
 * drain/failure, releases of removed pods), then try every pending unit in priority order, binding
 * each placement through the deciders in one multi-stream append and recording why the others wait.
 */
export class SchedulerCycle {
  constructor(private readonly options: SchedulerCycleOptions) {}

  /** Runs one pass; reloads stale streams first. */
  async pass(): Promise<PassReport> {
    const { view, log } = this.options;
    const report: PassReport = { bound: 0, unschedulable: 0, preempted: 0, repaired: 0, conflicts: 0 };
    if (view.stale.size > 0) await reload(view, log, view.stale);
    report.repaired = await this.repair();
    // Preemption victims become pending during a round; give them (and anything they unblock) another round.
    for (let round = 0; round < 3; round++) {
      const preempted = report.preempted;
      await this.scheduleRound(report);
      if (report.preempted === preempted) break;
    }
    return report;
  }

  private async scheduleRound(report: PassReport): Promise<void> {
    const { view } = this.options;
    let picture = buildClusterPicture(view);
    let profile = this.profile(picture);
    for (const unit of pendingUnits(picture.pending)) {
      for (let attempt = 1; attempt <= (this.options.maxAttempts ?? 3); attempt++) {
        const outcome: UnitOutcome = await placeUnit(unit, picture, profile, { view, run: (commands, key) => this.run(commands, key) });
        count(report, outcome);
        if (outcome.kind !== 'conflict') break;
        picture = buildClusterPicture(view);
        profile = this.profile(picture);
        // Someone else may have bound the unit meanwhile: only retry it while it is still pending.
        const name = unit.members[0]?.pod.name;
        if (!picture.pending.some((h) => h.deployment.name === unit.deployment && h.pod.name === name)) break;
      }
    }
  }

  private async repair(): Promise<number> {
    const { view, log } = this.options;
    let repaired = 0;
    for (const drift of findDrift(view)) {
      await reload(view, log, driftStreams(drift));
      if (!isDrift(view, drift)) continue;
      const outcome = await this.run([repairCommand(view, drift)]);
      if (outcome.kind === 'appended') repaired += 1;
    }
    return repaired;
  }

  private run(commands: readonly PlannedCommand[], idempotencyKey?: string): Promise<PlanOutcome> {
    return executePlan(this.options.view, this.options.log, { commands, metadata: this.metadata(), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  }

  private metadata(): MessageMetadata {
    return { actor: 'scheduler', correlationId: this.options.ids.next(), time: this.options.clock.now().toISOString() };
  }

  private profile(picture: ClusterPicture): Profile {
    const config = this.options.profile ?? defaultProfileConfig(fgdArgs(picture));
    const built = buildProfile(config, defaultRegistry());
    if (!built.ok) throw new Error(`invalid scheduler profile: ${built.error}`);
    return built.value;
  }
}

function fgdArgs(picture: ClusterPicture): { typicalPods: ReturnType<typeof typicalPodsFromSpecs> } | undefined {
  const typical = typicalPodsFromSpecs([...picture.byKey.values()].map((h) => h.spec));
  return typical.length > 0 ? { typicalPods: typical } : undefined;
}

function count(report: PassReport, outcome: UnitOutcome): void {
  if (outcome.kind === 'bound') report.bound += outcome.pods;
  if (outcome.kind === 'unschedulable') report.unschedulable += 1;
  if (outcome.kind === 'preempted') {
    report.bound += 1;
    report.preempted += outcome.victims;
  }
  if (outcome.kind === 'conflict') report.conflicts += 1;
}
