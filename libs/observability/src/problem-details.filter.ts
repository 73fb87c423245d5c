import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** RFC 9457 problem details, the error shape Ed-Fi APIs use. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errorId: string;
}

const PROBLEM_TYPE_BASE = 'urn:lantern:problem:';

/** Each domain error code has exactly one answer; the type makes a missing code a compile error. */
const DOMAIN_ERROR_RESPONSES: Record<LanternErrorCode, { status: HttpStatus; title: string }> = {
  [LanternErrorCode.RecordNotFound]: { status: HttpStatus.NOT_FOUND, title: 'Not found' },
  [LanternErrorCode.InvalidRequest]: { status: HttpStatus.BAD_REQUEST, title: 'Invalid request' },
  [LanternErrorCode.Unauthenticated]: { status: HttpStatus.UNAUTHORIZED, title: 'Unauthenticated' },
  [LanternErrorCode.Forbidden]: { status: HttpStatus.FORBIDDEN, title: 'Forbidden' },
  [LanternErrorCode.CsrfTokenRequired]: { status: HttpStatus.FORBIDDEN, title: 'CSRF token required' },
  [LanternErrorCode.Conflict]: { status: HttpStatus.CONFLICT, title: 'Conflict' },
  [LanternErrorCode.TooManyRequests]: { status: HttpStatus.TOO_MANY_REQUESTS, title: 'Too many requests' },
  [LanternErrorCode.Overloaded]: { status: HttpStatus.SERVICE_UNAVAILABLE, title: 'Service unavailable' },
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);

    // The URL is left out on purpose: paths can carry a student's identifier.
    const logEntry = { errorId: problem.errorId, status: problem.status, route: routeOf(request), method: request.method };
    // A domain error is a decision (even a 503 for too much work in hand), not a fault to investigate.
    if (problem.status >= 500 && !(exception instanceof LanternError)) {
      this.logger.error({ ...logEntry, err: exception }, 'request failed');
    } else {
      this.logger.warn({ ...logEntry, type: problem.type }, 'request refused');
    }
    if (exception instanceof LanternError && exception.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const errorId = randomUUID();
    const instance = routeOf(request);
    if (exception instanceof LanternError) {
      const { status, title } = DOMAIN_ERROR_RESPONSES[exception.code];
      return { type: PROBLEM_TYPE_BASE + exception.code.toLowerCase(), title, status, detail: exception.detail, instance, errorId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const title = HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error';
      return { type: `${PROBLEM_TYPE_BASE}http-${status}`, title, status, detail: exception.message, instance, errorId };
    }
    return {
      type: `${PROBLEM_TYPE_BASE}internal`,
      title: 'Internal server error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: `Something went wrong on our side. Quote errorId ${errorId} when reporting it.`,
      instance,
      errorId,
    };
  }
}

/** The matched route template (e.g. /students/:studentUniqueId), never the concrete URL. */
export function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: string } }).route?.path;
  return route ? `${request.baseUrl ?? ''}${route}` : 'unmatched';
}
