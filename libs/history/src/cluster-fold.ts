import { type DeploymentState, decider as deploymentDecider } from '@keel/deployment-domain';
import { type RecordedEvent } from '@keel/event-store';
import { type ModelState, decider as modelDecider } from '@keel/model-domain';
import { type NodeState, decider as nodeDecider } from '@keel/node-domain';
import { type Cut, eventTime, isPast } from './as-of';

/** The folded state of every stream at one point of the log, and that point. */
export interface ClusterStreams {
  readonly nodes: ReadonlyMap<string, NodeState>;
  readonly deployments: ReadonlyMap<string, DeploymentState>;
  readonly models: ReadonlyMap<string, ModelState>;
  /** Global position of the last event folded (0 before the first). */
  readonly position: number;
  /** Checkpoint of the last event folded (`0:0` before the first). */
  readonly checkpoint: string;
  /** Time of the last event folded (see {@link eventTime}), or null before the first. */
  readonly time: string | null;
  /** Number of events folded. */
  readonly events: number;
}

type Evolve<S> = (state: S, event: { type: string; data: unknown }) => S;

function evolveInto<S>(map: Map<string, S>, initial: () => S, evolve: Evolve<S>, event: RecordedEvent): void {
  map.set(event.streamId, evolve(map.get(event.streamId) ?? initial(), { type: event.type, data: event.data }));
}

/**
 * Folds the global log, in log order, through the node, deployment and model deciders' `evolve`.
 * Streams of other types are skipped. States are immutable, so {@link snapshot} is cheap.
 */
export class ClusterFold {
  private readonly nodes = new Map<string, NodeState>();
  private readonly deployments = new Map<string, DeploymentState>();
  private readonly models = new Map<string, ModelState>();
  private position = 0;
  private checkpoint = '0:0';
  private time: string | null = null;
  private count = 0;

  /** Applies one event; the caller feeds events in log order. */
  apply(event: RecordedEvent): void {
    if (event.streamType === 'node') evolveInto(this.nodes, nodeDecider.initialState, nodeDecider.evolve as Evolve<NodeState>, event);
    else if (event.streamType === 'deployment') evolveInto(this.deployments, deploymentDecider.initialState, deploymentDecider.evolve as Evolve<DeploymentState>, event);
    else if (event.streamType === 'model') evolveInto(this.models, modelDecider.initialState, modelDecider.evolve as Evolve<ModelState>, event);
    this.position = event.globalPosition;
    this.checkpoint = event.checkpoint;
    this.time = eventTime(event).toISOString();
    this.count += 1;
  }

  /** The streams as folded so far (copies of the maps; the states themselves are shared and immutable). */
  snapshot(): ClusterStreams {
    return {
      nodes: new Map(this.nodes),
      deployments: new Map(this.deployments),
      models: new Map(this.models),
      position: this.position,
      checkpoint: this.checkpoint,
      time: this.time,
      events: this.count,
    };
  }
}

/** Folds an in-memory log (in log order) up to `cut`: every event before the first one past it. */
export function foldLog(events: Iterable<RecordedEvent>, cut: Cut): ClusterStreams {
  const fold = new ClusterFold();
  for (const event of events) {
    if (isPast(event, cut)) break;
    fold.apply(event);
  }
  return fold.snapshot();
}
