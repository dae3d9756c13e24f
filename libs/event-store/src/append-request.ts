import { createHash } from 'node:crypto';
import { InvalidAppendError } from './errors';
import { uuidv7 } from './uuid-v7';
import { type ExpectedVersion, type StreamAppend } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EVENTS_PER_APPEND = 10_000;

/** Parameters of `es.append_events`, built from a validated request. */
export type AppendParams = [
  string[], string[], string[], number[], string[], string[], number[], number[], number[], string, string, string | null, string | null, boolean,
];

/** Default stream type: the part of the stream id before the first `-` (e.g. `node-gpu-01` → `node`). */
export function defaultStreamType(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}

/** Validates an append and turns it into SQL parameters; throws {@link InvalidAppendError} naming the field. */
export function buildAppendParams(
  appends: readonly StreamAppend[],
  idempotencyKey: string | undefined,
  requestHash: string | undefined,
  notify: boolean,
): AppendParams {
  if (!Array.isArray(appends) || appends.length === 0) throw new InvalidAppendError('streams', 'at least one stream is required');
  const seen = new Set<string>();
  const p: AppendParams = [[], [], [], [], [], [], [], [], [], '', '', null, null, notify];
  const data: string[] = [];
  const metadata: string[] = [];
  appends.forEach((append, s) => {
    const where = appends.length === 1 ? '' : `streams[${s}].`;
    validateStreamId(append.streamId, `${where}streamId`);
    if (seen.has(append.streamId)) throw new InvalidAppendError(`${where}streamId`, `stream ${append.streamId} appears twice`);
    seen.add(append.streamId);
    p[0].push(append.streamId);
    p[1].push(append.streamType ?? defaultStreamType(append.streamId));
    p[2].push(expectedVersionParam(append.expectedVersion, `${where}expectedVersion`));
    const events = append.events;
    if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`${where}events`, 'must be a non-empty list');
    if (events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`${where}events`, `at most ${MAX_EVENTS_PER_APPEND} events per append`);
    p[3].push(events.length);
    events.forEach((event, i) => {
      const at = `${where}events[${i}]`;
      if (event.id !== undefined && !(typeof event.id === 'string' && UUID.test(event.id))) throw new InvalidAppendError(`${at}.id`, 'must be a uuid');
      if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 200) throw new InvalidAppendError(`${at}.type`, 'must be a non-empty string of at most 200 characters');
      const version = event.schemaVersion ?? 1;
      if (!Number.isInteger(version) || version < 1) throw new InvalidAppendError(`${at}.schemaVersion`, 'must be a positive integer');
      p[4].push(event.id ?? uuidv7());
      p[5].push(event.type);
      p[6].push(version);
      p[7].push(s + 1);
      p[8].push(i + 1);
      data.push(toJson(event.data, `${at}.data`));
      metadata.push(toJson(event.metadata ?? {}, `${at}.metadata`));
    });
  });
  p[9] = `[${data.join(',')}]`;
  p[10] = `[${metadata.join(',')}]`;
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 200) throw new InvalidAppendError('idempotencyKey', 'must be a non-empty string of at most 200 characters');
    p[11] = idempotencyKey;
    p[12] = requestHash ?? hashRequest(p, data);
  }
  return p;
}

function validateStreamId(streamId: unknown, field: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200) {
    throw new InvalidAppendError(field, 'must be a non-empty string of at most 200 characters');
  }
}

function expectedVersionParam(expected: ExpectedVersion, field: string): string {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return String(expected);
  throw new InvalidAppendError(field, `must be 'any', 'no_stream', 'stream_exists' or a non-negative integer, got ${JSON.stringify(expected)}`);
}

/** Serialises plain JSON data; rejects what JSON would silently change or cannot represent. */
function toJson(value: unknown, field: string): string {
  assertPlainJson(value, field, new Set());
  return JSON.stringify(value);
}

function assertPlainJson(value: unknown, field: string, ancestors: Set<object>): void {
  if (ancestors.size > 64) throw new InvalidAppendError(field, 'is nested too deeply (more than 64 levels)');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(field, `is not serialisable: ${value} is not a finite number`);
    return;
  }
  if (typeof value === 'object' && ancestors.has(value)) {
    throw new InvalidAppendError(field, 'is not serialisable: it contains a circular reference');
  }
  if (Array.isArray(value)) {
    ancestors.add(value);
    value.forEach((item, i) => assertPlainJson(item, `${field}[${i}]`, ancestors));
    ancestors.delete(value);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidAppendError(field, `is not serialisable: ${proto?.constructor?.name ?? 'object'} is not a plain object`);
    }
    ancestors.add(value);
    for (const [key, item] of Object.entries(value)) {
      // An undefined property is an absent optional field: JSON drops it, which loses nothing.
      if (item !== undefined) assertPlainJson(item, `${field}.${key}`, ancestors);
    }
    ancestors.delete(value);
    return;
  }
  throw new InvalidAppendError(field, `is not serialisable: ${typeof value} is not JSON`);
}

function hashRequest(p: AppendParams, data: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([p[0], p[2], p[3], p[5], p[6]]));
  for (const item of data) hash.update(item);
  return hash.digest('hex');
}
