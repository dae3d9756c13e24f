import { compareCheckpoints, type RecordedEvent } from '@keel/event-store';

/**
 * A moment in the log: a wall-clock time, a global position (the state right after the event at that
 * position, in log order) or a checkpoint token (`<transactionId>:<position>`).
 */
export type AsOf =
  | { readonly kind: 'time'; readonly time: Date }
  | { readonly kind: 'position'; readonly position: number }
  | { readonly kind: 'checkpoint'; readonly checkpoint: string };

/** Where a fold stops: after the last event at or before a checkpoint, or before the first event later than a time. */
export type Cut = { readonly kind: 'time'; readonly time: Date } | { readonly kind: 'checkpoint'; readonly checkpoint: string };

/** A moment that cannot be parsed; `parameter` names the option or query parameter it came from. */
export class AsOfError extends RangeError {
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const REASON = 'must be an ISO 8601 time (2025-01-01T12:00:00Z), a global position (42) or a checkpoint (<transactionId>:<position>)';

/** True when the `YYYY-MM-DD` prefix names a real day (Date would roll 02-30 over to March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `raw` as an ISO time, a non-negative position or a checkpoint token; throws {@link AsOfError} naming `parameter`. */
export function parseAsOf(raw: string | undefined, parameter: string): AsOf {
  const text = raw?.trim() ?? '';
  if (text === '') throw new AsOfError(parameter, `is required; ${REASON}`);
  if (/^\d+$/.test(text)) {
    const position = Number(text);
    if (!Number.isSafeInteger(position)) throw new AsOfError(parameter, `position ${text} is too large`);
    return { kind: 'position', position };
  }
  if (/^\d{1,20}:\d{1,20}$/.test(text)) return { kind: 'checkpoint', checkpoint: text };
  if (ISO.test(text)) {
    const time = new Date(text.replace(' ', 'T'));
    if (!Number.isNaN(time.getTime()) && isCalendarDate(text)) return { kind: 'time', time };
    throw new AsOfError(parameter, `"${text}" is not a valid date`);
  }
  throw new AsOfError(parameter, `"${text}" ${REASON}`);
}

/** When an event happened: its `metadata.time` (the writer's clock) when present and valid, else when it was recorded. */
export function eventTime(event: Pick<RecordedEvent, 'metadata' | 'recordedAt'>): Date {
  const stated = event.metadata.time === undefined ? Number.NaN : Date.parse(event.metadata.time);
  return Number.isNaN(stated) ? new Date(event.recordedAt) : new Date(stated);
}

/** True when `event` lies beyond `cut`, so the fold (which reads the log in order) stops there. */
export function isPast(event: Pick<RecordedEvent, 'metadata' | 'recordedAt' | 'checkpoint'>, cut: Cut): boolean {
  return cut.kind === 'time' ? eventTime(event).getTime() > cut.time.getTime() : compareCheckpoints(event.checkpoint, cut.checkpoint) > 0;
}

/** Human form of a moment, for headings. */
export function describeAsOf(asOf: AsOf): string {
  if (asOf.kind === 'time') return asOf.time.toISOString();
  return asOf.kind === 'position' ? `position ${asOf.position}` : `checkpoint ${asOf.checkpoint}`;
}
