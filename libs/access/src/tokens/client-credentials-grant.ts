import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { ClientRegistry } from '../clients/client-registry';
import { type ConcurrencyLimit, ConcurrencyLimitReached, type WindowLimit } from '../limits/request-limits';
import type { AccessTokens } from './access-tokens';

/** RFC 6749 §5.2 error codes this endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

/** A token request refused in the shape RFC 6749 prescribes (not problem details: OAuth clients parse this). */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }

  /** invalid_client is 401 (with a WWW-Authenticate challenge); the others are 400. */
  get status(): 400 | 401 {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

export interface TokenRequest {
  readonly authorization?: string;
  /** Form or JSON body; only grant_type, client_id and client_secret are read. */
  readonly body: unknown;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
}

/**
 * What an anonymous caller can make the token endpoint spend: each secret check is one scrypt
 * (tens of ms of a thread and 32 MiB) and each refusal one audited write under the audit lock.
 */
export interface TokenEndpointLimits {
  /** Refused secrets per presented client id (registered or not); over it, 429 without a check or an audit entry. */
  readonly failuresPerClient: WindowLimit;
  /** Secret checks at once in this process; over it and its queue, 503. */
  readonly secretChecks: ConcurrencyLimit;
}

/** The audit actor of a refused login that names no one the hub knows: a client id matching no registration, a person no steward registered. */
export const UNKNOWN_ACTOR = 'anonymous';
const INVALID_CLIENT = 'Client authentication failed.';

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4), as Ed-Fi APIs offer it. Credentials come
 * in HTTP Basic or in the body (not both). Anything else in the request (role, organisation,
 * scope) is ignored: the token names only the client, whose registration decides the rest.
 */
export class ClientCredentialsGrant {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly limits: TokenEndpointLimits,
  ) {}

  async exchange(request: TokenRequest): Promise<TokenResponse> {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const grantType = stringField(body, 'grant_type');
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required.');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    const { clientId, clientSecret } = clientCredentials(request.authorization, body);

    // Counted before the check, so concurrent guesses cannot all slip under the limit; a good secret takes it back.
    const wait = this.limits.failuresPerClient.take(clientId);
    if (wait !== undefined) throw new LanternError(LanternErrorCode.TooManyRequests, 'Too many failed token requests for this client; retry after the time in Retry-After.', wait);
    const check = await this.checkSecret(clientId, clientSecret);
    if (!check.accepted) {
      const actor = check.registration?.clientId ?? UNKNOWN_ACTOR;
      await this.audit.append({ kind: 'login-refused', actor, subject: check.registration?.clientId, details: { method: 'client-secret', reason: check.reason } });
      throw new OAuthError('invalid_client', INVALID_CLIENT);
    }
    this.limits.failuresPerClient.release(clientId);
    const issued = this.tokens.issue(clientId);
    const { role, organizationId } = check.registration;
    await this.audit.append({ kind: 'login', actor: clientId, subject: clientId, details: { method: 'client-secret', role, organizationId, jti: issued.jti, kid: issued.kid } });
    return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn };
  }

  private async checkSecret(clientId: string, clientSecret: string) {
    try {
      return await this.limits.secretChecks.run(() => this.clients.checkSecret(clientId, clientSecret));
    } catch (error) {
      if (error instanceof ConcurrencyLimitReached) {
        // Not a failure of this client's secret: the attempt it counted is given back.
        this.limits.failuresPerClient.release(clientId);
        throw new LanternError(LanternErrorCode.Overloaded, 'Too many token requests are being checked at once; retry after the time in Retry-After.', 1);
      }
      throw error;
    }
  }
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be a string.`);
  return value;
}

/** RFC 6749 §2.3.1: HTTP Basic with form-encoded id and secret, or both in the body; never both ways at once. */
function clientCredentials(authorization: string | undefined, body: Record<string, unknown>): { clientId: string; clientSecret: string } {
  const inBody = { clientId: stringField(body, 'client_id'), clientSecret: stringField(body, 'client_secret') };
  const basic = authorization === undefined ? undefined : /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(authorization.trim())?.[1];
  if (authorization !== undefined && basic === undefined) throw new OAuthError('invalid_client', 'The Authorization header must use the Basic scheme.');
  if (basic !== undefined) {
    if (inBody.clientId !== undefined || inBody.clientSecret !== undefined) {
      throw new OAuthError('invalid_request', 'Send the client credentials either in the Authorization header or in the body, not both.');
    }
    return fromBasic(basic);
  }
  if (inBody.clientId === undefined || inBody.clientSecret === undefined) throw new OAuthError('invalid_client', 'client_id and client_secret are required.');
  return { clientId: inBody.clientId, clientSecret: inBody.clientSecret };
}

function fromBasic(encoded: string): { clientId: string; clientSecret: string } {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthError('invalid_client', INVALID_CLIENT);
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', INVALID_CLIENT);
  }
}
