import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { HttpProblem, problemBody, toHttpProblem } from './api-error';

/** Turns every thrown error into the JSON error body; Nest's own HTTP exceptions keep their status. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = error instanceof HttpException ? fromNest(error) : toHttpProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    void reply.status(problem.status).send(problemBody(problem));
  }
}

function fromNest(error: HttpException): HttpProblem {
  const status = error.getStatus();
  if (status === 404) return new HttpProblem(404, 'NotFound', 'no such route');
  // Fastify's own request errors reach the filter as HTTP exceptions with their status.
  if (status === 413) return new HttpProblem(413, 'PayloadTooLarge', 'request body is larger than 1 MiB', [{ path: 'body', reason: 'too large' }]);
  if (status === 415) {
    return new HttpProblem(415, 'UnsupportedMediaType', 'request bodies must be JSON (Content-Type: application/json)', [{ path: 'Content-Type', reason: 'not application/json' }]);
  }
  return new HttpProblem(status, status >= 500 ? 'Internal' : 'BadRequest', error.message);
}

