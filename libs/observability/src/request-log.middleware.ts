import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { HubMetrics } from './metrics';
import { routeOf } from './problem-details.filter';

/**
 * One log line and one histogram sample per request, failed ones included (refused by a guard,
 * a limit or a filter alike: the response's own status is what is recorded). Only the route
 * template, method, status and duration: no query string, body or path parameters, which can
 * identify a child. Why a request failed is logged by the problem-details filter, under its errorId.
 */
export function requestLog(logger: Logger, metrics: HubMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(request);
      metrics.httpRequestSeconds.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      logger.info({ method: request.method, route, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
