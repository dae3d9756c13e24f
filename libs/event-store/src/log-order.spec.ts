import { compareCheckpoints } from './checkpoint';
import { compareLogOrder } from './log-order';

const event = (transactionId: string, globalPosition: number) => ({ transactionId, globalPosition });

describe('compareLogOrder', () => {
  it.each([
    ['a shorter transaction id comes first', event('9', 50), event('10', 1)],
    ['the smaller of two equally long transaction ids comes first', event('123', 9), event('124', 1)],
    ['within one transaction the smaller position comes first', event('77', 3), event('77', 4)],
    ['it agrees with checkpoint order on 20-digit transaction ids', event('18446744073709551614', 2), event('18446744073709551615', 1)],
  ])('%s', (_, first, second) => {
    expect(compareLogOrder(first, second)).toBeLessThan(0);
    expect(compareLogOrder(second, first)).toBeGreaterThan(0);
    const token = (e: typeof first) => `${e.transactionId}:${e.globalPosition}`;
    expect(Math.sign(compareLogOrder(first, second))).toBe(compareCheckpoints(token(first), token(second)));
  });

  it('answers 0 for the same event', () => {
    expect(compareLogOrder(event('5', 5), event('5', 5))).toBe(0);
  });
});
