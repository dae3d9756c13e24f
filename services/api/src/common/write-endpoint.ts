import { type Response } from 'express';
import { type WriteOutcome, type WriteResponse } from '../commands/command-executor';

/** Sends a write's outcome: the status, and `Idempotent-Replayed: true` when it answers a retry. */
export function sendWrite(response: Response, outcome: WriteOutcome, status: number): WriteResponse {
  response.status(status);
  if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return outcome.response;
}
