import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Principal } from '@lantern/governance';
import type { Request, Response } from 'express';
import { TLSSocket } from 'node:tls';
import { Authenticator, type PresentedCredentials } from '../authentication/authenticator';
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
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(presentedCredentials(request));
    } catch (error) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="lantern"');
      throw error;
    }
    if (!policy) throw new LanternError(LanternErrorCode.Forbidden, 'This endpoint declares no access policy, so no client may call it.');
    if (policy.roles && !policy.roles.includes(principal.role)) throw new LanternError(LanternErrorCode.Forbidden, `This endpoint is not open to ${principal.role} clients.`);
    request.principal = principal;
    return true;
  }
}

/** The Authorization header and, on the mutual-TLS listener, the client certificate if one was sent. */
function presentedCredentials(request: Request): PresentedCredentials {
  const socket = request.socket;
  // getPeerCertificate answers an empty object when the client sent no certificate.
  const certificate = socket instanceof TLSSocket ? socket.getPeerCertificate() : undefined;
  return {
    authorization: request.headers.authorization,
    clientCertificate: certificate?.raw ? { chainVerified: (socket as TLSSocket).authorized, serialNumber: certificate.serialNumber, der: certificate.raw } : undefined,
  };
}
