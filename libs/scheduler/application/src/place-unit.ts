import { type PodSpec, podKey, type Profile, scheduleGang, scheduleOne, type Unschedulable } from '@keel/scheduler-framework';
import { type ActiveNode } from '@keel/node-domain';
import { type ClusterPicture, type PodHandle } from './cluster-picture';
import { type ClusterView } from './cluster-view';
import { bindCommands, type PlannedCommand, preemptCommands, unschedulableCommand } from './commands';
import { type PlanOutcome } from './execute-plan';
import { type SchedulingUnit } from './pending-queue';

/** What trying one unit did. */
export type UnitOutcome =
  | { readonly kind: 'bound'; readonly pods: number }
  | { readonly kind: 'preempted'; readonly victims: number }
  | { readonly kind: 'unschedulable' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'skipped' };

/** How a unit's decision reaches the log. */
export interface PlaceContext {
  readonly view: ClusterView;
  run(commands: readonly PlannedCommand[], idempotencyKey?: string): Promise<PlanOutcome>;
}

/**
 * Schedules one unit with the framework and turns the result into commands: a placement binds
 * (AssignPod + BindPod with the score breakdown), a preemption plan evicts its victims and binds in the
 * same append, anything else records the Kubernetes-form reason. The picture follows every success.
 */
export async function placeUnit(unit: SchedulingUnit, picture: ClusterPicture, profile: Profile, ctx: PlaceContext): Promise<UnitOutcome> {
  if (unit.gang !== undefined) return placeGang(unit, picture, profile, ctx);
  const handle = unit.members[0];
  if (handle === undefined) return { kind: 'skipped' };
  const result = scheduleOne(handle.spec, picture.state, profile);
  if (result.kind === 'Scheduled') {
    const node = activeNode(ctx.view, result.node);
    if (node === undefined) return { kind: 'conflict' };
    const outcome = await ctx.run(bindCommands(handle, node, result.gpus, result.candidates), bindKey(handle, ctx.view));
    if (outcome.kind !== 'appended') return outcome.kind === 'conflict' ? { kind: 'conflict' } : { kind: 'skipped' };
    picture.state.bind(handle.spec, result.node, result.gpus);
    return { kind: 'bound', pods: 1 };
  }
  if (result.preemption !== undefined) {
    const preempted = await preempt(handle, result, picture, profile, ctx);
    if (preempted !== undefined) return preempted;
  }
  return recordUnschedulable(unit.members, result.message, result.reasons, ctx);
}

async function preempt(handle: PodHandle, result: Unschedulable, picture: ClusterPicture, profile: Profile, ctx: PlaceContext): Promise<UnitOutcome | undefined> {
  const victims = (result.preemption?.victims ?? []).map((key) => picture.byKey.get(key));
  if (victims.length === 0 || victims.some((v) => v?.pod.placement === undefined)) return undefined;
  const chosen = victims as PodHandle[];
  const fork = picture.state.fork();
  for (const victim of chosen) fork.remove(podKey(victim.spec));
  const retry = scheduleOne(handle.spec, fork, { ...profile, preemption: false });
  const node = retry.kind === 'Scheduled' ? activeNode(ctx.view, retry.node) : undefined;
  if (retry.kind !== 'Scheduled' || node === undefined) return undefined;
  const commands = [...chosen.flatMap((v) => preemptCommands(v, v.pod.placement?.node ?? retry.node, handle)), ...bindCommands(handle, node, retry.gpus, retry.candidates)];
  const outcome = await ctx.run(commands, `preempt:${bindKey(handle, ctx.view)}`);
  if (outcome.kind !== 'appended') return outcome.kind === 'conflict' ? { kind: 'conflict' } : { kind: 'skipped' };
  for (const victim of chosen) picture.state.remove(podKey(victim.spec));
  picture.state.bind(handle.spec, retry.node, retry.gpus);
  return { kind: 'preempted', victims: chosen.length };
}

async function placeGang(unit: SchedulingUnit, picture: ClusterPicture, profile: Profile, ctx: PlaceContext): Promise<UnitOutcome> {
  const result = scheduleGang(unit.members.map((m) => m.spec), picture.state, profile);
  if (result.kind === 'Unschedulable') return recordUnschedulable(unit.members, result.message, result.reasons, ctx);
  const commands: PlannedCommand[] = [];
  const binds: { spec: PodSpec; node: string; gpus: readonly number[] }[] = [];
  for (const placement of result.placements) {
    const handle = unit.members.find((m) => m.spec.name === placement.pod);
    const node = activeNode(ctx.view, placement.node);
    if (handle === undefined || node === undefined) return { kind: 'conflict' };
    commands.push(...bindCommands(handle, node, placement.gpus, placement.candidates));
    binds.push({ spec: handle.spec, node: placement.node, gpus: placement.gpus });
  }
  const first = unit.members[0];
  const key = first === undefined ? undefined : `bind:${unit.deployment}:${unit.gang ?? ''}:${ctx.view.pendingEpisode(unit.deployment, first.pod.name)}`;
  const outcome = await ctx.run(commands, key);
  if (outcome.kind !== 'appended') return outcome.kind === 'conflict' ? { kind: 'conflict' } : { kind: 'skipped' };
  for (const bind of binds) picture.state.bind(bind.spec, bind.node, bind.gpus);
  return { kind: 'bound', pods: binds.length };
}

async function recordUnschedulable(members: readonly PodHandle[], message: string, reasons: Readonly<Record<string, number>>, ctx: PlaceContext): Promise<UnitOutcome> {
  for (const member of members) {
    const outcome = await ctx.run([unschedulableCommand(member, message, reasons)]);
    if (outcome.kind === 'conflict') return { kind: 'conflict' };
  }
  return { kind: 'unschedulable' };
}

/** `bind:<deployment>:<pod>:<pending episode>`: one bind per pod per time it became Pending. */
function bindKey(handle: PodHandle, view: ClusterView): string {
  return `bind:${handle.deployment.name}:${handle.pod.name}:${view.pendingEpisode(handle.deployment.name, handle.pod.name)}`;
}

function activeNode(view: ClusterView, name: string): ActiveNode | undefined {
  const state = view.nodes.get(name)?.state;
  return state?.status === 'Active' ? state : undefined;
}
