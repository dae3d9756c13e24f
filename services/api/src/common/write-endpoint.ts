import { type FastifyReply } from 'fastify';
import { type WriteOutcome, type WriteResponse } from '../commands/command-executor';

/** Sends a write's outcome: the status, and `Idempotent-Replayed: true` when it answers a retry. */
export function sendWrite(reply: FastifyReply, outcome: WriteOutcome, status: number): WriteResponse {
  void reply.status(status);
  if (outcome.replayed) void reply.header('Idempotent-Replayed', 'true');
  return outcome.response;
}
