import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@lantern/governance';
import type { ConsoleSession } from '../console/console-sessions';

/** A request the access guard let through; `principal` is set only by the guard. */
export interface AuthenticatedRequest {
  principal?: Principal;
  /** For a person signed in to the console: their session (set by the guard too). */
  consoleSession?: ConsoleSession;
}

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw new Error('No principal on this request: the endpoint must be @Authenticated, not @Public');
  return request.principal;
}

/** The authenticated caller of an @Authenticated endpoint. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => principalOf(context.switchToHttp().getRequest<AuthenticatedRequest>()));
