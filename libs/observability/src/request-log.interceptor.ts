import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { tap } from 'rxjs';
import { routeOf } from './problem-details.filter';
import type { HubMetrics } from './metrics';

/**
 * One log line and one histogram sample per successful request. Only the route template,
 * method, status and duration are recorded: no query string, body or path parameters,
 * which can identify a child. Failed requests are logged by the problem-details filter.
 */
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: HubMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const started = process.hrtime.bigint();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = routeOf(request);
        this.metrics.httpRequestSeconds.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
        this.logger.info({ method: request.method, route, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'request');
      }),
    );
  }
}
