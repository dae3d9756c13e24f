import { type Status, unresolvable, unschedulable } from '@keel/scheduler-framework';

const cache = new Map<string, Status>();

/** Interned statuses, so that filters do not allocate a new Status per rejected node. */
export function cachedStatus(code: 'Unschedulable' | 'UnschedulableAndUnresolvable', reasons: readonly string[]): Status {
  const key = `${code}\u0000${reasons.join('\u0000')}`;
  let status = cache.get(key);
  if (status === undefined) {
    status = code === 'Unschedulable' ? unschedulable(...reasons) : unresolvable(...reasons);
    cache.set(key, status);
  }
  return status;
}
