import { type Taint, type Toleration } from '@keel/scheduler-framework';

/**
 * core/v1 `Toleration.ToleratesTaint`: empty effect matches every effect, empty key (with Exists)
 * matches every key, empty operator means Equal, Exists ignores the value, values compare exactly.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (tolerations === undefined) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first NoSchedule/NoExecute taint the pod does not tolerate, if any. */
export function firstUntoleratedHardTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}
