import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type SimulateOutput } from '@keel/scheduler-simulator';
import { Simulation } from './simulation';

/** `POST /v1/scheduling/simulate`: what-if placement of hypothetical pods on the live cluster; changes nothing. */
@Controller('v1/scheduling')
export class SchedulingController {
  constructor(private readonly simulation: Simulation) {}

  @Post('simulate')
  @HttpCode(200)
  simulate(@Req() request: FastifyRequest, @Query('minCheckpoint') minCheckpoint?: string): Promise<SimulateOutput> {
    return this.simulation.run(request.body, minCheckpoint);
  }
}
