import { type PodAffinityTerm } from '../model/affinity';
import { type LabelSelector, matchesSelector, selectorKey } from '../model/labels';
import { type PodSpec } from '../model/pod';

/** Which pods to count: a label selector within some namespaces (`undefined` = all namespaces). */
export interface PodQuery {
  readonly selector: LabelSelector | undefined;
  readonly namespaces?: readonly string[];
  /** Further clauses a pod must also match (kube counts affinity pods that match *all* terms). */
  readonly also?: readonly PodQuery[];
}

/** Whether a pod is selected by a query. */
export function queryMatches(query: PodQuery, pod: Pick<PodSpec, 'namespace' | 'labels'>): boolean {
  if (query.namespaces !== undefined && !query.namespaces.includes(pod.namespace)) return false;
  if (!matchesSelector(pod.labels, query.selector)) return false;
  if (query.also !== undefined) for (const clause of query.also) if (!queryMatches(clause, pod)) return false;
  return true;
}

/** Canonical key of a query. */
export function queryKey(query: PodQuery): string {
  const ns = query.namespaces === undefined ? '*' : [...query.namespaces].sort().join(',');
  const also = query.also === undefined ? '' : `&${query.also.map(queryKey).join('&')}`;
  return `${ns}|${selectorKey(query.selector)}${also}`;
}

/** The query a pod affinity term of `owner` denotes (empty namespaces = the owner's namespace). */
export function termQuery(term: PodAffinityTerm, owner: Pick<PodSpec, 'namespace'>): PodQuery {
  const namespaces = term.namespaces !== undefined && term.namespaces.length > 0 ? term.namespaces : [owner.namespace];
  return { selector: term.labelSelector, namespaces };
}
