import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Request } from 'express';
import { addressKey, type WindowLimit } from '../limits/request-limits';
import type { AuthenticatedRequest } from './current-principal';

/** The routes that count requests; each has its limits configured where the API starts. */
export type LimitedRoute = 'token' | 'care-flags' | 'public';

export interface RouteLimits {
  /** Requests per caller address (see API_TRUSTED_PROXY_HOPS for addresses behind a proxy). */
  readonly perAddress?: WindowLimit;
  /** Requests per authenticated client. */
  readonly perClient?: WindowLimit;
}

/** Every limited route's limits: a route cannot be limited without a configured limit. */
export class RequestLimits {
  constructor(readonly routes: Readonly<Record<LimitedRoute, RouteLimits>>) {}
}

const LIMITED_ROUTE_KEY = 'lantern:limited-route';

/** Runs after the access guard (global guards run first), so the client of an authenticated route is known. */
@Injectable()
export class RequestLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RequestLimits,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const route = this.reflector.get<LimitedRoute>(LIMITED_ROUTE_KEY, context.getHandler());
    const { perAddress, perClient } = this.limits.routes[route];
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const clientId = request.principal?.clientId;
    const wait = perAddress?.take(addressKey(request.ip ?? 'unknown')) ?? (clientId === undefined ? undefined : perClient?.take(clientId));
    if (wait !== undefined) throw new LanternError(LanternErrorCode.TooManyRequests, 'Too many requests; retry after the time in Retry-After.', wait);
    return true;
  }
}

/** Counts each request to this route against its limits; over one, the answer is 429 with Retry-After. */
export const Limited = (route: LimitedRoute) =>
  applyDecorators(
    SetMetadata(LIMITED_ROUTE_KEY, route),
    UseGuards(RequestLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Over a request limit: problem details, and Retry-After says when to try again' }),
  );
