import {
  type CycleState,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type Rng,
  type ScorePlugin,
  seededRng,
} from '@keel/scheduler-framework';
import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

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

/** Args: the seed. */
export const randomScoreArgsSchema = z.strictObject({ seed: z.number().int().default(42) });

/** Factory for the registry. */
export const randomScoreFactory: PluginFactory<z.output<typeof randomScoreArgsSchema>> = {
  name: RANDOM_SCORE,
  parseArgs: zodArgs(randomScoreArgsSchema),
  create: (args) => new RandomScorePlugin(args.seed),
};
