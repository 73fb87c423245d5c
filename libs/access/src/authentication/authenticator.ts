import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Principal } from '@lantern/governance';
import type { CertificateRegistry } from '../certificates/certificate-registry';
import type { ClientRegistration, ClientRegistry } from '../clients/client-registry';
import { type ConsoleSession, type ConsoleSessions, csrfTokenMatches } from '../console/console-sessions';
import { personActor } from '../people/people-registry';
import type { AccessTokens } from '../tokens/access-tokens';

/** What a request brought to prove who sent it, as read from HTTP and TLS. */
export interface PresentedCredentials {
  /** The Authorization header, if any. */
  readonly authorization?: string;
  /** The TLS client certificate, if the connection was mutual TLS and the client sent one. */
  readonly clientCertificate?: {
    /** Whether TLS verified the chain to the hub CA (and its validity period). */
    readonly chainVerified: boolean;
    readonly serialNumber: string;
    readonly der: Buffer;
  };
  /** The console session cookie, if any: counted only when no bearer token or certificate came. */
  readonly consoleSession?: {
    readonly sessionToken: string;
    /** The X-CSRF-Token header. */
    readonly csrfToken?: string;
    /** Anything but GET, HEAD and OPTIONS: it must carry the session's CSRF token. */
    readonly stateChanging: boolean;
  };
}

/** Who a request comes from, and for a person signed in to the console, their session. */
export interface Caller {
  readonly principal: Principal;
  readonly consoleSession?: ConsoleSession;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

const SEND_CREDENTIALS = 'Send a valid bearer token (POST /oauth/token) or a client certificate issued by the hub, or sign in to the console (/auth/sign-in).';

/**
 * Turns presented credentials into a Principal. Role and organisation always come from the
 * client's current registration, never from the token or certificate, so disabling a
 * client or revoking a certificate takes effect on the next request. Every credential
 * presented must hold; a token and a certificate together must name the same client.
 * Without either, a console session cookie stands for the person signed in, with the role and
 * organisation registered for them now; it must bring the session's CSRF token on any
 * state-changing request, since a browser sends the cookie whoever made the page (ADR 0023).
 */
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly clients: ClientRegistry,
    private readonly certificates: CertificateRegistry,
    private readonly consoleSessions: ConsoleSessions,
  ) {}

  /**
   * The caller, or a LanternError: Unauthenticated, whose detail says what to send (never why a
   * record is hidden), or CsrfTokenRequired.
   */
  async authenticate(credentials: PresentedCredentials): Promise<Caller> {
    if (credentials.authorization === undefined && credentials.clientCertificate === undefined) {
      return credentials.consoleSession ? this.sessionHolder(credentials.consoleSession) : refuse(SEND_CREDENTIALS);
    }
    const byToken = credentials.authorization === undefined ? undefined : await this.tokenHolder(credentials.authorization);
    const byCertificate = credentials.clientCertificate && (await this.certificateHolder(credentials.clientCertificate));
    if (byToken && byCertificate && byToken.clientId !== byCertificate.clientId) refuse('The bearer token and the client certificate belong to different clients.');
    const registration = (byCertificate ?? byToken) as ClientRegistration;
    return {
      principal: {
        clientId: registration.clientId,
        role: registration.role,
        organizationId: registration.organizationId,
        authenticatedBy: byCertificate ? 'certificate' : 'client-secret',
      },
    };
  }

  private async sessionHolder(presented: NonNullable<PresentedCredentials['consoleSession']>): Promise<Caller> {
    if (presented.stateChanging && !csrfTokenMatches(presented.sessionToken, presented.csrfToken)) {
      throw new LanternError(
        LanternErrorCode.CsrfTokenRequired,
        "A change made with a console session must carry the session's CSRF token (csrfToken from GET /auth/session) in the X-CSRF-Token header.",
      );
    }
    const session = await this.consoleSessions.resume(presented.sessionToken);
    if (!session) return refuse('The console session has ended (signed out, idle too long or expired); sign in again at /auth/sign-in.');
    const { person } = session;
    return { principal: { clientId: personActor(person.personId), role: person.role, organizationId: person.organizationId, authenticatedBy: 'console-session' }, consoleSession: session };
  }

  private async tokenHolder(authorization: string): Promise<ClientRegistration> {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) return refuse(`The Authorization header must be "Bearer <access token>". ${SEND_CREDENTIALS}`);
    const verification = this.tokens.verify(token);
    if (!verification.valid) {
      return refuse(verification.reason === 'expired' ? 'The access token has expired; request a new one at POST /oauth/token.' : `The access token is not valid. ${SEND_CREDENTIALS}`);
    }
    const registration = await this.clients.find(verification.clientId);
    return registration?.status === 'active' ? registration : refuse(`The access token is not valid. ${SEND_CREDENTIALS}`);
  }

  private async certificateHolder(certificate: NonNullable<PresentedCredentials['clientCertificate']>): Promise<ClientRegistration> {
    const check = certificate.chainVerified ? await this.certificates.holderOf(certificate) : undefined;
    return check?.accepted ? check.registration : refuse(`The client certificate is not accepted. ${SEND_CREDENTIALS}`);
  }
}

function refuse(detail: string): never {
  throw new LanternError(LanternErrorCode.Unauthenticated, detail);
}
