import { type RecordedEvent } from '@keel/event-store';
import { type IHeaders, type Message } from 'kafkajs';

/** Header names carried by every published event. */
export const HEADERS = {
  eventId: 'keel-event-id',
  eventType: 'keel-event-type',
  schemaVersion: 'keel-schema-version',
  globalPosition: 'keel-global-position',
  checkpoint: 'keel-checkpoint',
  correlationId: 'keel-correlation-id',
  causationId: 'keel-causation-id',
} as const;

type WireEvent = Omit<RecordedEvent, 'recordedAt'> & { readonly recordedAt: string };

/** Encodes an event as a Kafka message: key = stream id, value = the event as JSON, ids in headers. */
export function encodeEvent(event: RecordedEvent): Message {
  const headers: IHeaders = {
    [HEADERS.eventId]: event.id,
    [HEADERS.eventType]: event.type,
    [HEADERS.schemaVersion]: String(event.schemaVersion),
    [HEADERS.globalPosition]: String(event.globalPosition),
    [HEADERS.checkpoint]: event.checkpoint,
  };
  if (event.metadata.correlationId) headers[HEADERS.correlationId] = event.metadata.correlationId;
  if (event.metadata.causationId) headers[HEADERS.causationId] = event.metadata.causationId;
  const wire: WireEvent = { ...event, recordedAt: event.recordedAt.toISOString() };
  return { key: event.streamId, value: JSON.stringify(wire), headers };
}

/** Decodes a message written by {@link encodeEvent}; throws when the value is not such an event. */
export function decodeEvent(value: Buffer | null): RecordedEvent {
  if (!value) throw new Error('message has no value');
  const wire = JSON.parse(value.toString('utf8')) as Partial<WireEvent>;
  if (typeof wire.id !== 'string' || typeof wire.streamId !== 'string' || typeof wire.checkpoint !== 'string' || typeof wire.recordedAt !== 'string') {
    throw new Error('message value is not a Keel event');
  }
  return { ...(wire as WireEvent), recordedAt: new Date(wire.recordedAt) };
}

/** A header as a string (kafkajs delivers Buffers). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
