import { type PodSpec } from '../model/pod';
import { type DomainCounter } from './domain-counts';
import { type NodeView } from './node-state';

/**
 * Domain counters indexed by one `key=value` their query requires, so binding a pod only touches
 * counters that could match it instead of every counter in the cluster.
 */
export class CounterIndex {
  private readonly byLabel = new Map<string, DomainCounter[]>();
  private readonly generic: DomainCounter[] = [];
  private readonly all: DomainCounter[] = [];

  add(counter: DomainCounter): void {
    this.all.push(counter);
    const labels = counter.query.selector?.matchLabels;
    const first = labels === undefined ? undefined : Object.keys(labels)[0];
    if (first === undefined || labels === undefined) {
      this.generic.push(counter);
      return;
    }
    const key = `${first}=${labels[first] ?? ''}`;
    const list = this.byLabel.get(key);
    if (list === undefined) this.byLabel.set(key, [counter]);
    else list.push(counter);
  }

  /** Update every counter that might select the pod. */
  update(pod: PodSpec, node: NodeView, delta: 1 | -1): void {
    for (const counter of this.generic) counter.update(pod, node, delta);
    if (this.byLabel.size === 0) return;
    for (const key in pod.labels) {
      const list = this.byLabel.get(`${key}=${pod.labels[key] ?? ''}`);
      if (list !== undefined) for (const counter of list) counter.update(pod, node, delta);
    }
  }
}
