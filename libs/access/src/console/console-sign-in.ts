import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import * as oidc from 'openid-client';
import type { PeopleRegistry } from '../people/people-registry';
import { UNKNOWN_ACTOR } from '../tokens/client-credentials-grant';
import type { ConsoleOidcConfiguration } from './console-settings';
import type { ConsoleSession, ConsoleSessions } from './console-sessions';

/** What the browser keeps between leaving for the identity provider and coming back (an HttpOnly cookie); all of it random and single-use. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A path of the web app to land on once signed in. */
  readonly returnTo: string;
}

export type SignInOutcome =
  | { readonly signedIn: true; readonly sessionToken: string; readonly session: ConsoleSession; readonly returnTo: string }
  /** The identity provider vouched for someone the hub does not know (audited). */
  | { readonly signedIn: false; readonly reason: 'not-registered' };

/** Where a person lands when the sign-in named no page (or a page outside the web app). */
export const CONSOLE_HOME = '/console';

/** Only a path of this site: an absolute or protocol-relative URL would make sign-in an open redirect. */
export function safeReturnPath(returnTo: unknown): string {
  return typeof returnTo === 'string' && /^\/(?![/\\])[^\s]*$/.test(returnTo) ? returnTo : CONSOLE_HOME;
}

const PENDING_FIELDS = ['state', 'nonce', 'codeVerifier', 'returnTo'] as const;

/** Reads a pending sign-in back from its cookie value; anything else is undefined. */
export function parsePendingSignIn(encoded: string | undefined): PendingSignIn | undefined {
  if (!encoded) return undefined;
  try {
    const value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
    return PENDING_FIELDS.every((field) => typeof value[field] === 'string') ? (value as unknown as PendingSignIn) : undefined;
  } catch {
    return undefined;
  }
}

export function encodePendingSignIn(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
}

const SIGN_IN_AGAIN = 'The sign-in could not be completed; start again at /auth/sign-in.';

/**
 * The console's OpenID Connect relying party (ADR 0023): authorization code flow with PKCE (S256),
 * state and nonce, then the person the ID token names (issuer, subject) is looked up in the hub's
 * people table; only a registered person gets a session. The identity provider's metadata is
 * discovered on the first sign-in (and again after a failure), so the API starts without it.
 */
export class ConsoleSignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly provider: ConsoleOidcConfiguration,
    private readonly people: PeopleRegistry,
    private readonly sessions: ConsoleSessions,
    private readonly auditLog: AuditLog,
  ) {}

  /** The identity provider's authorization URL to send the browser to, and what to keep until it comes back. */
  async begin(returnTo: unknown): Promise<{ authorizationUrl: URL; pending: PendingSignIn }> {
    const configuration = await this.discovered();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), returnTo: safeReturnPath(returnTo) };
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.provider.redirectUri.href,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { authorizationUrl, pending };
  }

  /**
   * Completes the sign-in the identity provider sent back (`query`: the callback's query string)
   * against what the browser kept; a refused or tampered response is an InvalidRequest.
   */
  async complete(query: string, pending: PendingSignIn | undefined, address: string | undefined): Promise<SignInOutcome> {
    if (!pending) throw new LanternError(LanternErrorCode.InvalidRequest, `No sign-in is in progress in this browser. ${SIGN_IN_AGAIN}`);
    const configuration = await this.discovered();
    // The callback URL as registered, so a proxy's Host header cannot change what is checked.
    const callbackUrl = new URL(this.provider.redirectUri.href);
    callbackUrl.search = query;
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      throw new LanternError(LanternErrorCode.InvalidRequest, SIGN_IN_AGAIN);
    }
    if (!claims) throw new LanternError(LanternErrorCode.InvalidRequest, SIGN_IN_AGAIN);
    const person = await this.people.findByIdentity(claims.iss, claims.sub);
    if (!person) {
      await this.auditLog.append({ kind: 'login-refused', actor: UNKNOWN_ACTOR, subject: `oidc:${claims.sub}`, details: { method: 'oidc', reason: 'not-registered', issuer: claims.iss } });
      return { signedIn: false, reason: 'not-registered' };
    }
    const { sessionToken, session } = await this.sessions.start(person, { issuer: claims.iss, address });
    return { signedIn: true, sessionToken, session, returnTo: pending.returnTo };
  }

  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        this.provider.issuer,
        this.provider.clientId,
        undefined,
        oidc.ClientSecretBasic(this.provider.clientSecret),
        this.provider.allowInsecureRequests ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch(() => {
        this.configuration = undefined;
        throw new LanternError(LanternErrorCode.Overloaded, 'The identity provider did not answer; try signing in again shortly.', 30);
      });
    return this.configuration;
  }
}
