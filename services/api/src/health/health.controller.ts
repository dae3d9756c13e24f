import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { PostgresEventStore } from '@keel/event-store';

/** Liveness (`/healthz`) and readiness (`/readyz`: the database answers). */
@Controller()
export class HealthController {
  constructor(private readonly store: PostgresEventStore) {}

  @Get('healthz')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<{ status: string; checks: Record<string, string> }> {
    const database = await this.store.pool
      .query('SELECT 1')
      .then(() => 'ok')
      .catch((error: Error) => `unavailable: ${error.message}`);
    const ok = database === 'ok';
    void res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database } };
  }
}
