import { decider as deploymentDecider, type DeploymentEvent, type DeploymentState } from '@keel/deployment-domain';
import { decider as nodeDecider, type NodeEvent, type NodeState } from '@keel/node-domain';

/** The part of a recorded event the view folds (local appends have no global position yet). */
export interface ViewEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly data: unknown;
}

/** A folded stream and the version it reflects. */
export interface StreamEntry<S> {
  readonly state: S;
  readonly version: number;
}

/** `<deployment>/<pod>`: a pod's identity across deployments. */
export function podRef(deployment: string, pod: string): string {
  return `${deployment}/${pod}`;
}

/** Which streams the scheduler folds, and the entity they name. */
export function parseStreamId(streamId: string): { kind: 'node' | 'deployment'; name: string } | undefined {
  if (streamId.startsWith('node-')) return { kind: 'node', name: streamId.slice(5) };
  if (streamId.startsWith('deployment-')) return { kind: 'deployment', name: streamId.slice(11) };
  return undefined;
}

/**
 * The scheduler's in-memory picture of the cluster: every node and deployment stream folded with its
 * decider, plus the creation order of pods and the stream version that began each pending episode.
 * Folding is idempotent per stream (events at or below the known version are skipped), so the same
 * event may arrive from the log, from a local append and from a reload in any order.
 */
export class ClusterView {
  readonly nodes = new Map<string, StreamEntry<NodeState>>();
  readonly deployments = new Map<string, StreamEntry<DeploymentState>>();
  /** Streams that missed an event (a version gap); reload them before deciding on them. */
  readonly stale = new Set<string>();
  private readonly created = new Map<string, number>();
  private readonly episodes = new Map<string, number>();

  /** Forgets every stream (the owner will re-read the log). */
  clear(): void {
    this.nodes.clear();
    this.deployments.clear();
    this.stale.clear();
    this.created.clear();
    this.episodes.clear();
  }

  /** Folds one event; returns true when it changed the view. */
  apply(event: ViewEvent): boolean {
    const stream = parseStreamId(event.streamId);
    if (stream === undefined) return false;
    const known = this.versionOf(event.streamId);
    if (event.streamVersion <= known) return false;
    if (event.streamVersion !== known + 1) {
      this.stale.add(event.streamId);
      return false;
    }
    if (stream.kind === 'node') {
      const entry = this.nodes.get(stream.name);
      const state = nodeDecider.evolve(entry?.state ?? nodeDecider.initialState(), event as unknown as NodeEvent);
      this.nodes.set(stream.name, { state, version: event.streamVersion });
    } else {
      const entry = this.deployments.get(stream.name);
      const state = deploymentDecider.evolve(entry?.state ?? deploymentDecider.initialState(), event as unknown as DeploymentEvent);
      this.deployments.set(stream.name, { state, version: event.streamVersion });
      this.trackPod(stream.name, event);
    }
    return true;
  }

  /** Replaces a stream with its full history (after a conflict or a gap). */
  replace(streamId: string, events: readonly ViewEvent[]): void {
    const stream = parseStreamId(streamId);
    if (stream === undefined) return;
    if (stream.kind === 'node') this.nodes.delete(stream.name);
    else this.deployments.delete(stream.name);
    this.stale.delete(streamId);
    for (const event of events) this.apply(event);
  }

  /** Version of a stream as folded (0 when unknown). */
  versionOf(streamId: string): number {
    const stream = parseStreamId(streamId);
    if (stream === undefined) return 0;
    const entry = stream.kind === 'node' ? this.nodes.get(stream.name) : this.deployments.get(stream.name);
    return entry?.version ?? 0;
  }

  /** Global position of the pod's `PodCreated` (its place in the creation order). */
  creationOrder(deployment: string, pod: string): number {
    return this.created.get(podRef(deployment, pod)) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The deployment-stream version that made the pod Pending this time (creation or eviction). */
  pendingEpisode(deployment: string, pod: string): number {
    return this.episodes.get(podRef(deployment, pod)) ?? 0;
  }

  private trackPod(deployment: string, event: ViewEvent): void {
    if (event.type !== 'PodCreated' && event.type !== 'PodEvicted') return;
    const ref = podRef(deployment, (event.data as { pod: string }).pod);
    if (event.type === 'PodCreated' && event.globalPosition > 0) this.created.set(ref, event.globalPosition);
    this.episodes.set(ref, event.streamVersion);
  }
}
