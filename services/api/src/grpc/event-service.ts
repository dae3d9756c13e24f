import { type EventServiceServer, ListEventsResponse } from '@keel/grpc-contract';
import { type AuditLog } from '../reads/audit-log';
import { unary } from './grpc-call';
import { type EventWatch } from './watch-events';

/** keel.v1.EventService: the audit log (the same reads as REST) and WatchEvents. */
export function eventService(log: AuditLog, watch: EventWatch): EventServiceServer {
  return {
    listEvents: unary(async (request) => ListEventsResponse.fromJSON(await log.page(request))),
    watchEvents: watch.handler,
  };
}
