import { Controller, Get, Query } from '@nestjs/common';
import { type AuditPage, AuditLog } from '../reads/audit-log';

/** `GET /v1/events`: the audit log, filterable by stream, type and position. */
@Controller('v1/events')
export class EventsController {
  constructor(private readonly log: AuditLog) {}

  @Get()
  list(
    @Query('stream') stream: string | undefined,
    @Query('type') type: string | undefined,
    @Query('afterPosition') afterPosition: string | undefined,
    @Query('limit') limit: string | undefined,
  ): Promise<AuditPage> {
    return this.log.page({ stream, type, afterPosition, limit });
  }
}
