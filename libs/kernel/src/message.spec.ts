import { fold } from './message';

describe('fold', () => {
  it('applies evolve to every event in order, starting from the initial state', () => {
    const state = fold((acc: string[], e: { type: string; data: { n: number } }) => [...acc, `${e.type}${e.data.n}`], [], [
      { type: 'a', data: { n: 1 } },
      { type: 'b', data: { n: 2 } },
    ]);
    expect(state).toEqual(['a1', 'b2']);
  });
});
