import { type LabelSelector, type LabelSelectorRequirement } from '@keel/kernel';

/** Label map of a node or pod. */
export type Labels = Readonly<Record<string, string>>;

export type { LabelSelector, LabelSelectorRequirement } from '@keel/kernel';

/** Whether one requirement holds for a label set. */
export function matchesRequirement(labels: Labels, req: LabelSelectorRequirement): boolean {
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return value !== undefined && (req.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(req.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

/**
 * Kubernetes label-selector semantics: an absent selector matches nothing, an empty one everything.
 */
export function matchesSelector(labels: Labels, selector: LabelSelector | undefined): boolean {
  if (selector === undefined) return false;
  const exact = selector.matchLabels;
  if (exact !== undefined) {
    for (const key in exact) if (labels[key] !== exact[key]) return false;
  }
  for (const req of selector.matchExpressions ?? []) if (!matchesRequirement(labels, req)) return false;
  return true;
}

/** A canonical string for a selector, so equal selectors share index entries. */
export function selectorKey(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const exprs = (selector.matchExpressions ?? [])
    .map((e) => `${e.key} ${e.operator} ${[...(e.values ?? [])].sort().join(',')}`)
    .sort();
  return JSON.stringify([labels, exprs]);
}
