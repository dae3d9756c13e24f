import { type PlacementOutput, type PreemptionOutput, type SimulateOutput, type UnschedulableOutput } from './simulate-output';

/** Accumulates the simulation's outcome; victims of preemption leave the placement list. */
export class SimulationLog {
  private readonly placements = new Map<string, PlacementOutput>();
  private readonly unschedulable: UnschedulableOutput[] = [];
  private readonly preemptions: PreemptionOutput[] = [];

  placed(key: string, entry: PlacementOutput): void {
    this.placements.set(key, entry);
  }

  pending(entry: UnschedulableOutput): void {
    this.unschedulable.push(entry);
  }

  preempted(victimKey: string, entry: PreemptionOutput): void {
    this.placements.delete(victimKey);
    this.preemptions.push(entry);
  }

  output(): SimulateOutput {
    return { placements: [...this.placements.values()], unschedulable: this.unschedulable, preemptions: this.preemptions };
  }
}
