import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type Response } from 'express';
import { HttpProblem, problemBody, toHttpProblem } from './api-error';

/** Turns every thrown error into the JSON error body; Nest's own HTTP exceptions keep their status. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = error instanceof HttpException ? fromNest(error) : toHttpProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(problem.status).json(problemBody(problem));
  }
}

function fromNest(error: HttpException): HttpProblem {
  const status = error.getStatus();
  if (status === 404) return new HttpProblem(404, 'NotFound', 'no such route');
  // The only Nest HTTP exceptions this app sees come from the body parser.
  if (status === 400) return new HttpProblem(400, 'MalformedJson', `request body is not valid JSON: ${error.message}`, [{ path: 'body', reason: 'not valid JSON' }]);
  if (status === 413) return new HttpProblem(413, 'PayloadTooLarge', 'request body is larger than 1 MB', [{ path: 'body', reason: 'too large' }]);
  return new HttpProblem(status, status >= 500 ? 'Internal' : 'BadRequest', error.message);
}
