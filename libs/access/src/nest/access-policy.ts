import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@lantern/governance';

export const ACCESS_POLICY_KEY = 'lantern:access-policy';

/** What an endpoint declares about its callers; an endpoint that declares nothing is refused to everyone. */
export type AccessPolicy = { readonly kind: 'public' } | { readonly kind: 'authenticated'; readonly roles?: readonly Role[] };

/** Open to anyone without credentials: health, metrics and the token endpoint only. */
export const Public = () => SetMetadata(ACCESS_POLICY_KEY, { kind: 'public' } satisfies AccessPolicy);

/**
 * Requires a valid bearer token or client certificate (or a console session, with its CSRF token
 * on a change) and, when `roles` is given, one of those roles. Put on a controller it covers every endpoint; on an endpoint it overrides the controller.
 */
export const Authenticated = (options: { roles?: readonly Role[] } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY_KEY, { kind: 'authenticated', roles: options.roles } satisfies AccessPolicy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid bearer token or client certificate' }),
    ApiForbiddenResponse({ description: options.roles ? `Only for roles: ${options.roles.join(', ')}` : 'Refused for this client' }),
  );
