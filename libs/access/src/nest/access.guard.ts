import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Request, Response } from 'express';
import { TLSSocket } from 'node:tls';
import { Authenticator, type Caller, type PresentedCredentials } from '../authentication/authenticator';
import { CONSOLE_SESSION_COOKIE, cookieValue, CSRF_HEADER } from '../console/console-cookies';
import { ACCESS_POLICY_KEY, type AccessPolicy } from './access-policy';
import type { AuthenticatedRequest } from './current-principal';

/**
 * The API's one gate (registered as APP_GUARD): default deny. Public endpoints pass; every
 * other endpoint needs an authenticated caller, and one that declares no policy is refused
 * even to a steward, so a forgotten declaration fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY_KEY, [context.getHandler(), context.getClass()]);
    if (policy?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    let caller: Caller;
    try {
      caller = await this.authenticator.authenticate(presentedCredentials(request));
    } catch (error) {
      if (error instanceof LanternError && error.code === LanternErrorCode.Unauthenticated)
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="lantern"');
      throw error;
    }
    const { principal } = caller;
    if (!policy) throw new LanternError(LanternErrorCode.Forbidden, 'This endpoint declares no access policy, so no client may call it.');
    if (policy.roles && !policy.roles.includes(principal.role)) throw new LanternError(LanternErrorCode.Forbidden, `This endpoint is not open to ${principal.role} clients.`);
    request.principal = principal;
    request.consoleSession = caller.consoleSession;
    return true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Authorization header, on the mutual-TLS listener the client certificate if one was sent, and the console session cookie. */
function presentedCredentials(request: Request): PresentedCredentials {
  const socket = request.socket;
  // getPeerCertificate answers an empty object when the client sent no certificate.
  const certificate = socket instanceof TLSSocket ? socket.getPeerCertificate() : undefined;
  const sessionToken = cookieValue(request.headers.cookie, CONSOLE_SESSION_COOKIE);
  const csrfToken = request.headers[CSRF_HEADER];
  return {
    consoleSession: sessionToken ? { sessionToken, csrfToken: typeof csrfToken === 'string' ? csrfToken : undefined, stateChanging: !SAFE_METHODS.has(request.method) } : undefined,
    authorization: request.headers.authorization,
    clientCertificate: certificate?.raw ? { chainVerified: (socket as TLSSocket).authorized, serialNumber: certificate.serialNumber, der: certificate.raw } : undefined,
  };
}
