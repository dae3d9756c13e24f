import { type RecordedEvent } from '@keel/event-store';
import { assertNever } from '@keel/kernel';
import { type ModelEvent } from '@keel/model-domain';
import { type ModelRow } from '../rows';
import { selectWhereIn, type Tx, upsertRows } from '../sql';
import { stampOf } from '../stream';
import { runProjection, type StreamProjection } from '../stream-projection';
import { READ_SCHEMA, readTables, type ReadTables } from '../tables';

const MODEL_EVENT_TYPES: ReadonlySet<string> = new Set<ModelEvent['type']>(['ModelRegistered', 'ModelDeprecated']);

function applyModelEvent(row: ModelRow | undefined, recorded: RecordedEvent): ModelRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as ModelEvent;
  const stamp = stampOf(recorded);
  switch (event.type) {
    case 'ModelRegistered': {
      const f = event.data;
      return {
        name: f.name, display_name: f.displayName, parameters_billions: f.parametersBillions, dtype: f.dtype, layers: f.layers,
        attention_heads: f.attentionHeads, kv_heads: f.kvHeads, head_dim: f.headDim, max_context: f.maxContext,
        architecture: f.architecture, deprecated: false, deprecation_reason: null, ...stamp,
      };
    }
    case 'ModelDeprecated':
      return row && { ...row, deprecated: true, deprecation_reason: event.data.reason ?? null, ...stamp };
    default:
      return assertNever(event);
  }
}

/** Models from `model-*` streams, into `tables`. */
export function modelProjectionIn(tables: ReadTables): StreamProjection<ModelRow> {
  return {
    streamType: 'model',
    eventTypes: MODEL_EVENT_TYPES,
    load: async (tx, names) => new Map((await selectWhereIn<ModelRow>(tx, tables.models, 'name', names)).map((row) => [row.name, row])),
    versionOf: (row) => row?.version ?? 0,
    apply: applyModelEvent,
    save: (tx, rows) => upsertRows(tx, tables.models, rows),
    saved: (row) => row,
  };
}

/** The model projection into the live `read` schema. */
export const modelProjection: StreamProjection<ModelRow> = modelProjectionIn(readTables(READ_SCHEMA));

/** Projects a batch of model-stream events through `tx` (idempotent). */
export function projectModelEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  return runProjection(modelProjection, events, tx);
}
