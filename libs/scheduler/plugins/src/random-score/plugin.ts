import {
  type CycleState,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type Rng,
  type ScorePlugin,
  seededRng,
} from '@keel/scheduler-framework';
import { type RandomScoreArgs, parseRandomScoreArgs } from './args';

/** Name under which RandomScore is registered. */
export const RANDOM_SCORE = 'RandomScore';

/** A uniformly random score from a seeded source: the paper's Random baseline, replayable. */
export class RandomScorePlugin implements ScorePlugin {
  readonly name = RANDOM_SCORE;
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = seededRng(seed);
  }

  score(_state: CycleState, _pod: PodSpec, _node: NodeView): number {
    return this.rng.next() * 100;
  }
}

/** Factory for the registry. */
export const randomScoreFactory: PluginFactory<RandomScoreArgs> = {
  name: RANDOM_SCORE,
  parseArgs: parseRandomScoreArgs,
  create: (args) => new RandomScorePlugin(args.seed),
};
