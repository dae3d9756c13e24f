import { ClusterState, type NodeSelectorRequirement, type PodSpec } from '@keel/scheduler-framework';
import { filterOn, node, pod, scoresOn } from '../shared/testing';
import { matchesNodeRequirement } from './node-matching';
import { NodeAffinityPlugin } from './plugin';

const labels = { zone: 'a', gpu: 'h100', cores: '64' };

describe('node selector requirement operators', () => {
  it.each<[string, NodeSelectorRequirement, boolean]>([
    ['In matches when the label value is listed', { key: 'zone', operator: 'In', values: ['a', 'b'] }, true],
    ['In fails when the label is absent', { key: 'rack', operator: 'In', values: ['r1'] }, false],
    ['NotIn fails when the value is listed', { key: 'zone', operator: 'NotIn', values: ['a'] }, false],
    ['NotIn is true when the key is absent', { key: 'rack', operator: 'NotIn', values: ['r1'] }, true],
    ['Exists is true for a present key', { key: 'gpu', operator: 'Exists' }, true],
    ['DoesNotExist is true for an absent key', { key: 'rack', operator: 'DoesNotExist' }, true],
    ['Gt compares integers, not strings', { key: 'cores', operator: 'Gt', values: ['9'] }, true],
    ['Lt compares integers', { key: 'cores', operator: 'Lt', values: ['64'] }, false],
    ['Gt with a non-integer label value never matches', { key: 'zone', operator: 'Gt', values: ['1'] }, false],
    ['Gt needs exactly one value', { key: 'cores', operator: 'Gt', values: ['1', '2'] }, false],
  ])('%s', (_name, req, expected) => {
    expect(matchesNodeRequirement(labels, req)).toBe(expected);
  });
});

describe('NodeAffinity filter', () => {
  const cluster = new ClusterState([node('n', { labels })]);
  const plugin = new NodeAffinityPlugin();
  const required = (...terms: NodeSelectorRequirement[][]): Partial<PodSpec> => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((t) => ({ matchExpressions: t })) } } },
  });

  it.each<[string, Partial<PodSpec>, boolean]>([
    ['a pod without constraints fits', {}, true],
    ['a nodeSelector that is a subset of the node labels fits', { nodeSelector: { zone: 'a' } }, true],
    ['a nodeSelector value mismatch is rejected', { nodeSelector: { zone: 'b' } }, false],
    ['terms are ORed: one matching term suffices', required([{ key: 'zone', operator: 'In', values: ['b'] }], [{ key: 'gpu', operator: 'Exists' }]), true],
    ['expressions inside a term are ANDed', required([{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'In', values: ['a100'] }]), false],
    ['an empty term matches nothing', required([]), false],
    ['nodeSelector AND required affinity must both hold', { nodeSelector: { zone: 'b' }, ...required([{ key: 'gpu', operator: 'Exists' }]) }, false],
  ])('%s', (_name, spec, fits) => {
    const status = filterOn(plugin, pod('p', spec), cluster, 'n');
    expect(status.code).toBe(fits ? 'Success' : 'UnschedulableAndUnresolvable');
    if (!fits) expect(status.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });

  it('adds the weights of matching preferred terms and normalises the best node to 100', () => {
    const two = new ClusterState([node('a', { labels: { zone: 'a', gpu: 'h100' } }), node('b', { labels: { zone: 'b' } }), node('c')]);
    const p = pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
            { weight: 10, preference: { matchExpressions: [{ key: 'gpu', operator: 'In', values: ['h100'] }] } },
          ],
        },
      },
    });
    expect(scoresOn(plugin, p, two, ['a', 'b', 'c'])).toEqual({ a: 100, b: 75, c: 0 });
  });
});
