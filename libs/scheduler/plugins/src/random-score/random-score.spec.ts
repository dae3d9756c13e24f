import { ClusterState } from '@keel/scheduler-framework';
import { node, pod, scoresOn } from '../shared/testing';
import { RandomScorePlugin } from './plugin';

describe('RandomScore', () => {
  const cluster = new ClusterState([node('a'), node('b'), node('c')]);
  const names = ['a', 'b', 'c'];

  it.each<[string, number, number, boolean]>([
    ['the same seed replays the same scores', 7, 7, true],
    ['different seeds give different scores', 7, 8, false],
  ])('%s', (_name, seedA, seedB, same) => {
    const a = scoresOn(new RandomScorePlugin(seedA), pod('p'), cluster, names);
    const b = scoresOn(new RandomScorePlugin(seedB), pod('p'), cluster, names);
    expect(JSON.stringify(a) === JSON.stringify(b)).toBe(same);
    for (const s of Object.values(a)) expect(s >= 0 && s <= 100).toBe(true);
  });
});
