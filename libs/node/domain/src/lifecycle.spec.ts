import { deciderSpec } from '@keel/kernel';
import { decider } from './decider';
import { type NodeEvent } from './events';
import { assigned, registered } from './test-fixtures';

const spec = deciderSpec(decider);
const name = 'gpu-node-01';
const cordoned: NodeEvent = { type: 'NodeCordoned', data: { name } };
const failed: NodeEvent = { type: 'NodeFailed', data: { name, reason: 'NVLink errors', evicted: [] } };
const evicted = [
  { pod: 'llama-0', deployment: 'llama' },
  { pod: 'mistral-1', deployment: 'mistral' },
];

describe('CordonNode', () => {
  it('marks a ready node unschedulable', () => {
    const state = spec.given([registered()]).when({ type: 'CordonNode', data: { name } }).then([cordoned]);
    expect(state).toMatchObject({ unschedulable: true });
  });
  it('appends nothing when already cordoned', () => {
    spec.given([registered(), cordoned]).when({ type: 'CordonNode', data: { name } }).then([]);
  });
  it('refuses an unknown node', () => {
    spec.given([]).when({ type: 'CordonNode', data: { name } }).thenThrows({ code: 'NotFound', message: 'gpu-node-01' });
  });
});

describe('UncordonNode', () => {
  it('makes a cordoned node schedulable again', () => {
    spec.given([registered(), cordoned]).when({ type: 'UncordonNode', data: { name } }).then([{ type: 'NodeUncordoned', data: { name } }]);
  });
  it('appends nothing when the node is schedulable', () => {
    spec.given([registered()]).when({ type: 'UncordonNode', data: { name } }).then([]);
  });
  it('refuses to uncordon a failed node', () => {
    spec.given([registered(), cordoned, failed]).when({ type: 'UncordonNode', data: { name } }).thenThrows({ code: 'IllegalState', message: 'recover' });
  });
});

describe('DrainNode', () => {
  it('marks the node unschedulable and evicts every bound pod', () => {
    const state = spec
      .given([registered(), assigned('llama-0', [0, 1]), assigned('mistral-1', [2])])
      .when({ type: 'DrainNode', data: { name, reason: 'kernel upgrade' } })
      .then([{ type: 'NodeDrained', data: { name, reason: 'kernel upgrade', evicted } }]);
    expect(state).toMatchObject({ unschedulable: true, pods: {} });
  });
  it('drains an empty node by cordoning it', () => {
    spec.given([registered()]).when({ type: 'DrainNode', data: { name } }).then([{ type: 'NodeDrained', data: { name, evicted: [] } }]);
  });
  it('appends nothing when the node is already unschedulable and empty', () => {
    spec.given([registered(), cordoned]).when({ type: 'DrainNode', data: { name } }).then([]);
  });
  it('refuses an unknown node', () => {
    spec.given([]).when({ type: 'DrainNode', data: { name } }).thenThrows({ code: 'NotFound' });
  });
});

describe('MarkNodeFailed', () => {
  it('marks the node failed and evicts its pods', () => {
    const state = spec
      .given([registered(), assigned('llama-0', [0, 1]), assigned('mistral-1', [2])])
      .when({ type: 'MarkNodeFailed', data: { name, reason: 'heartbeat lost' } })
      .then([{ type: 'NodeFailed', data: { name, reason: 'heartbeat lost', evicted } }]);
    expect(state).toMatchObject({ condition: 'Failed', pods: {} });
  });
  it('appends nothing when the node is already failed', () => {
    spec.given([registered(), failed]).when({ type: 'MarkNodeFailed', data: { name, reason: 'again' } }).then([]);
  });
  it('requires a reason', () => {
    spec.given([registered()]).when({ type: 'MarkNodeFailed', data: { name, reason: '' } }).thenThrows({ code: 'Validation', details: [{ path: 'reason' }] });
  });
});

describe('RecoverNode', () => {
  it('brings a failed node back, keeping its cordon', () => {
    const state = spec.given([registered(), cordoned, failed]).when({ type: 'RecoverNode', data: { name } }).then([{ type: 'NodeRecovered', data: { name } }]);
    expect(state).toMatchObject({ condition: 'Ready', unschedulable: true });
  });
  it('appends nothing for a healthy node', () => {
    spec.given([registered()]).when({ type: 'RecoverNode', data: { name } }).then([]);
  });
});

describe('DeregisterNode', () => {
  it('deregisters an empty node', () => {
    const state = spec.given([registered()]).when({ type: 'DeregisterNode', data: { name } }).then([{ type: 'NodeDeregistered', data: { name } }]);
    expect(state).toEqual({ status: 'Deregistered', name });
  });
  it('refuses while pods are bound, naming them', () => {
    spec
      .given([registered(), assigned('llama-0', [0])])
      .when({ type: 'DeregisterNode', data: { name } })
      .thenThrows({ code: 'IllegalState', message: '1 bound pod', details: [{ path: 'pods.llama-0' }] });
  });
  it('drains first when forced', () => {
    spec
      .given([registered(), assigned('llama-0', [0])])
      .when({ type: 'DeregisterNode', data: { name, force: true } })
      .then([
        { type: 'NodeDrained', data: { name, reason: 'deregistered', evicted: [{ pod: 'llama-0', deployment: 'llama' }] } },
        { type: 'NodeDeregistered', data: { name } },
      ]);
  });
  it('appends nothing when already deregistered', () => {
    spec.given([registered(), { type: 'NodeDeregistered', data: { name } }]).when({ type: 'DeregisterNode', data: { name } }).then([]);
  });
  it('refuses an unknown node', () => {
    spec.given([]).when({ type: 'DeregisterNode', data: { name } }).thenThrows({ code: 'NotFound' });
  });
});
