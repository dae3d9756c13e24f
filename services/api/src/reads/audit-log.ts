import { Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@keel/event-store';
import { parseLimit, parseNonNegative } from '../common/pagination';

/** One audit entry: who changed what, when, and the event itself. */
export interface AuditEntry {
  readonly position: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly actor: string | null;
  readonly time: string | null;
  readonly correlationId: string | null;
  readonly data: unknown;
}

/** Filters and paging of the audit log. */
export interface AuditQuery {
  readonly stream?: string;
  readonly type?: string;
  /** Events after this global position (the previous page's `nextCursor`). */
  readonly afterPosition?: string | number;
  readonly limit?: string | number;
}

/** A page of the audit log. */
export interface AuditPage {
  readonly items: AuditEntry[];
  readonly nextCursor: string | null;
}

/** The audit log, straight from the event store, by global position; filterable by stream and type. */
@Injectable()
export class AuditLog {
  constructor(private readonly store: PostgresEventStore) {}

  async page(query: AuditQuery): Promise<AuditPage> {
    const limit = parseLimit(query.limit);
    const after = parseNonNegative('afterPosition', query.afterPosition) ?? 0;
    const { rows } = await this.store.pool.query<{ p: string; s: string; st: string; v: string; t: string; m: Record<string, string>; d: unknown }>(
      `SELECT global_position AS p, stream_id AS s, stream_type AS st, stream_version AS v, type AS t, metadata AS m, data AS d
         FROM es.events
        WHERE global_position > $1 AND ($2::text IS NULL OR stream_id = $2) AND ($3::text IS NULL OR type = $3)
        ORDER BY global_position LIMIT $4`,
      [after, query.stream ?? null, query.type ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      position: Number(r.p),
      streamId: r.s,
      streamType: r.st,
      streamVersion: Number(r.v),
      type: r.t,
      actor: r.m.actor ?? null,
      time: r.m.time ?? null,
      correlationId: r.m.correlationId ?? null,
      data: r.d,
    }));
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.position) : null };
  }
}
