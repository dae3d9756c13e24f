import { fitErrorMessage, numFeasibleNodesToFind } from './fit-error';

describe('fitErrorMessage', () => {
  it.each<[string, number, [string, number][], string]>([
    [
      'sorts "count reason" strings byte-wise like Go sort.Strings, as kube-scheduler prints them',
      5,
      [['Insufficient GPU memory', 3], ['node(s) had untolerated taint {nvidia.com/gpu: present}', 2]],
      '0/5 nodes are available: 2 node(s) had untolerated taint {nvidia.com/gpu: present}, 3 Insufficient GPU memory.',
    ],
    ['orders reasons with equal counts alphabetically', 4, [['node(s) were unschedulable', 2], ['Insufficient cpu', 2]], '0/4 nodes are available: 2 Insufficient cpu, 2 node(s) were unschedulable.'],
    ['compares counts as strings, so 10 sorts before 9', 19, [['a', 9], ['b', 10]], '0/19 nodes are available: 10 b, 9 a.'],
    ['prints a bare sentence for an empty cluster', 0, [], '0/0 nodes are available.'],
  ])('%s', (_name, total, reasons, expected) => {
    expect(fitErrorMessage(total, new Map(reasons))).toBe(expected);
  });
});

describe('numFeasibleNodesToFind', () => {
  it.each<[string, number, number, number]>([
    ['small clusters are scanned completely', 0, 99, 99],
    ['5,000 nodes use the adaptive 10%', 0, 5000, 500],
    ['the adaptive share never drops below 5%', 0, 10000, 500],
    ['at least 100 nodes are looked for', 0, 150, 100],
    ['100% scores every node', 100, 5000, 5000],
    ['an explicit percentage is honoured', 20, 5000, 1000],
  ])('%s', (_name, percentage, nodes, expected) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
  });
});
