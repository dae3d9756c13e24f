import { decider as deploymentDecider, type DeploymentCommand, type DeploymentState } from '@keel/deployment-domain';
import { IdempotencyKeyReusedError, type AppendResult, type NewEvent, type StreamAppend, WrongExpectedVersionError } from '@keel/event-store';
import { DomainError, type Event, type MessageMetadata } from '@keel/kernel';
import { decider as nodeDecider, type NodeCommand, type NodeState } from '@keel/node-domain';
import { type ClusterView, parseStreamId } from './cluster-view';
import { type Plan, type PlannedCommand } from './commands';
import { type EventLog } from './event-log';

/** What running a plan did. `conflict`: the view was stale; the plan's streams were reloaded. */
export type PlanOutcome =
  | { readonly kind: 'appended'; readonly result: AppendResult }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'conflict'; readonly error: unknown };

/**
 * Decides every command of the plan on the view's state of its stream (commands on one stream in
 * order, each on the state the previous left), then appends all streams in ONE multi-stream append
 * with the versions they were decided at. The view learns the appended events at once.
 */
export async function executePlan(view: ClusterView, log: EventLog, plan: Plan): Promise<PlanOutcome> {
  const streams = groupByStream(plan.commands);
  let appends: StreamAppend[];
  try {
    appends = [...streams].flatMap(([streamId, commands]) => decideStream(view, streamId, commands, plan.metadata));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await reload(view, log, streams.keys());
    return { kind: 'conflict', error };
  }
  if (appends.length === 0) return { kind: 'nothing' };
  try {
    const result = await log.appendToStreams(appends, plan.idempotencyKey === undefined ? {} : { idempotencyKey: plan.idempotencyKey });
    if (result.replayed) await reload(view, log, streams.keys());
    else learn(view, appends, result);
    return { kind: 'appended', result };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError) && !(error instanceof IdempotencyKeyReusedError)) throw error;
    await reload(view, log, streams.keys());
    return { kind: 'conflict', error };
  }
}

/** Re-reads streams from the store into the view. */
export async function reload(view: ClusterView, log: EventLog, streamIds: Iterable<string>): Promise<void> {
  for (const streamId of [...streamIds]) view.replace(streamId, await log.readStream(streamId));
}

function groupByStream(commands: readonly PlannedCommand[]): Map<string, PlannedCommand[]> {
  const streams = new Map<string, PlannedCommand[]>();
  for (const c of commands) streams.set(c.stream, [...(streams.get(c.stream) ?? []), c]);
  return streams;
}

function decideStream(view: ClusterView, streamId: string, commands: readonly PlannedCommand[], metadata: MessageMetadata): StreamAppend[] {
  const stream = parseStreamId(streamId);
  const version = view.versionOf(streamId);
  const events: Event[] = [];
  if (stream?.kind === 'node') {
    let state: NodeState = view.nodes.get(stream.name)?.state ?? nodeDecider.initialState();
    for (const { command } of commands) {
      const decided = nodeDecider.decide({ ...command, metadata } as NodeCommand, state);
      state = decided.reduce(nodeDecider.evolve, state);
      events.push(...decided);
    }
  } else if (stream?.kind === 'deployment') {
    let state: DeploymentState = view.deployments.get(stream.name)?.state ?? deploymentDecider.initialState();
    for (const { command } of commands) {
      const decided = deploymentDecider.decide({ ...command, metadata } as DeploymentCommand, state);
      state = decided.reduce(deploymentDecider.evolve, state);
      events.push(...decided);
    }
  }
  if (events.length === 0) return [];
  const stored: NewEvent[] = events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: metadata.actor, correlationId: metadata.correlationId, time: metadata.time } }));
  return [{ streamId, expectedVersion: version === 0 ? 'no_stream' : version, events: stored }];
}

function learn(view: ClusterView, appends: readonly StreamAppend[], result: AppendResult): void {
  for (const append of appends) {
    const written = result.streams.find((s) => s.streamId === append.streamId);
    if (written === undefined) continue;
    const first = written.version - append.events.length + 1;
    append.events.forEach((e, i) => view.apply({ streamId: append.streamId, streamVersion: first + i, globalPosition: 0, type: e.type, data: e.data }));
  }
}
