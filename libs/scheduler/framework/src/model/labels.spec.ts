import { type LabelSelector, matchesSelector } from './labels';

describe('matchesSelector (metav1.LabelSelector)', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each<[string, LabelSelector | undefined, boolean]>([
    ['an absent selector matches nothing', undefined, false],
    ['an empty selector matches everything', {}, true],
    ['matchLabels must all hold', { matchLabels: { app: 'web', tier: 'back' } }, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, true],
    ['NotIn holds for an absent key', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['DoesNotExist fails for a present key', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
  ])('%s', (_name, selector, expected) => {
    expect(matchesSelector(labels, selector)).toBe(expected);
  });
});
