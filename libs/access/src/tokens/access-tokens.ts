import { randomUUID, sign, verify } from 'node:crypto';
import type { SigningKeyRing } from './signing-key-ring';

/**
 * Short-lived JWT access tokens (RFC 7519, profile of RFC 9068), signed ES256 with node:crypto.
 * The token names only the client; role and organisation are read from its registration on
 * every request, so disabling a client or changing its registration takes effect at once.
 */
export const ACCESS_TOKEN_ISSUER = 'urn:lantern:hub';
export const ACCESS_TOKEN_AUDIENCE = 'urn:lantern:api';
const TOKEN_TYPE = 'at+jwt';
const ALGORITHM = 'ES256';
/** Tolerated difference between our clock and the one that signed (another API instance). */
const CLOCK_SKEW_SECONDS = 30;
/** Far above any token we issue; bounds the work an attacker's junk can cause. */
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly jti: string;
  readonly kid: string;
}

export type TokenVerification = { readonly valid: true; readonly clientId: string; readonly jti: string } | { readonly valid: false; readonly reason: TokenRefusal };

export type TokenRefusal = 'malformed' | 'unsupported-algorithm' | 'unknown-key' | 'bad-signature' | 'wrong-issuer-or-audience' | 'expired' | 'not-yet-valid';

interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  client_id: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

export class AccessTokens {
  constructor(
    private readonly keys: SigningKeyRing,
    readonly lifetimeSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(clientId: string): IssuedAccessToken {
    const { kid, privateKey } = this.keys.signingKey();
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const jti = randomUUID();
    const claims: AccessTokenClaims = {
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: clientId,
      client_id: clientId,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + this.lifetimeSeconds,
      jti,
    };
    const signingInput = `${encodeSegment({ alg: ALGORITHM, typ: TOKEN_TYPE, kid })}.${encodeSegment(claims)}`;
    // IEEE P1363 (r||s) is the JWS signature encoding; node's default would be DER.
    const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return { accessToken: `${signingInput}.${signature.toString('base64url')}`, expiresIn: this.lifetimeSeconds, jti, kid };
  }

  verify(token: string): TokenVerification {
    const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return refuse('malformed');
    const [encodedHeader, encodedClaims, encodedSignature] = parts;
    const header = decodeSegment(encodedHeader);
    if (!header) return refuse('malformed');
    // The algorithm is fixed, never taken from the token: that closes the alg=none and
    // key-confusion attacks (RFC 8725 §2.1).
    if (header.alg !== ALGORITHM || header.typ !== TOKEN_TYPE) return refuse('unsupported-algorithm');
    const key = typeof header.kid === 'string' ? this.keys.verificationKey(header.kid) : undefined;
    if (!key) return refuse('unknown-key');
    const signature = Buffer.from(encodedSignature, 'base64url');
    const signedBy = signature.length === 64 && verify('sha256', Buffer.from(`${encodedHeader}.${encodedClaims}`), { key, dsaEncoding: 'ieee-p1363' }, signature);
    if (!signedBy) return refuse('bad-signature');
    const claims = decodeSegment(encodedClaims) as Partial<AccessTokenClaims> | undefined;
    if (!claims || typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.exp !== 'number' || typeof claims.nbf !== 'number') {
      return refuse('malformed');
    }
    if (claims.iss !== ACCESS_TOKEN_ISSUER || claims.aud !== ACCESS_TOKEN_AUDIENCE) return refuse('wrong-issuer-or-audience');
    const now = this.now().getTime() / 1000;
    if (now >= claims.exp + CLOCK_SKEW_SECONDS) return refuse('expired');
    if (now < claims.nbf - CLOCK_SKEW_SECONDS) return refuse('not-yet-valid');
    return { valid: true, clientId: claims.sub, jti: claims.jti };
  }
}

function refuse(reason: TokenRefusal): TokenVerification {
  return { valid: false, reason };
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
