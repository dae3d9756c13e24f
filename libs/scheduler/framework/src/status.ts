/** Outcome codes of a plugin call, as in the Kubernetes scheduler framework. */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

/** A plugin result: a code plus human-readable reasons (used verbatim in the pending message). */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
}

const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) as readonly string[] });

/** The shared success status (no allocation). */
export function success(): Status {
  return SUCCESS;
}

const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) as readonly string[] });

/** From PreFilter only: this plugin's Filter cannot reject any node for this pod, so it is not run. */
export function skip(): Status {
  return SKIP;
}

/** The node does not fit now, but could after preemption or when the cluster changes. */
export function unschedulable(...reasons: string[]): Status {
  return Object.freeze({ code: 'Unschedulable', reasons: Object.freeze(reasons) });
}

/** The node can never fit this pod (labels, taints, models): preemption will not help. */
export function unresolvable(...reasons: string[]): Status {
  return Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze(reasons) });
}

/** An internal problem (bad state, plugin bug); never thrown, always returned. */
export function errorStatus(reason: string): Status {
  return Object.freeze({ code: 'Error', reasons: Object.freeze([reason]) });
}

/** True when the status lets scheduling continue. */
export function isSuccess(status: Status): boolean {
  return status.code === 'Success';
}
