import { generateKeyPairSync } from 'node:crypto';
import { AccessTokens } from './access-tokens';
import { type SigningKey, SigningKeyRing, signingKeyFromPem } from './signing-key-ring';

function p256Key(kid: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return signingKeyFromPem(kid, { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
}

const retired = (key: SigningKey): SigningKey => ({ kid: key.kid, publicKey: key.publicKey });

function segments(token: string) {
  const [header, claims, signature] = token.split('.');
  const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;
  return { header: decode(header), claims: decode(claims), signature };
}

function forge(header: object, claims: object, signature: string) {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.${signature}`;
}

describe('AccessTokens', () => {
  const january = new Date('2027-01-15T10:00:00Z');
  const key2026 = p256Key('2026-a');
  const key2027 = p256Key('2027-a');

  it('issues an ES256 JWT naming the client and its expiry, and verifies it', () => {
    const tokens = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => january);
    const issued = tokens.issue('client-1');
    const { header, claims } = segments(issued.accessToken);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: '2026-a' });
    expect(claims).toMatchObject({ sub: 'client-1', client_id: 'client-1', iat: january.getTime() / 1000, exp: january.getTime() / 1000 + 900 });
    expect(issued.expiresIn).toBe(900);
    expect(tokens.verify(issued.accessToken)).toEqual({ valid: true, clientId: 'client-1', jti: issued.jti });
  });

  it('keeps verifying tokens signed with the old key after the active key changes, and signs with the new one', () => {
    const before = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => january);
    const oldToken = before.issue('client-1').accessToken;
    const after = new AccessTokens(SigningKeyRing.of([retired(key2026), key2027], '2027-a'), 900, () => january);
    expect(after.verify(oldToken)).toMatchObject({ valid: true, clientId: 'client-1' });
    expect(segments(after.issue('client-1').accessToken).header.kid).toBe('2027-a');
  });

  it('refuses a token whose key id is not configured (any more)', () => {
    const oldToken = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => january).issue('client-1').accessToken;
    const rotatedOut = new AccessTokens(SigningKeyRing.of([key2027], '2027-a'), 900, () => january);
    expect(rotatedOut.verify(oldToken)).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('refuses a token signed by another key under a configured kid', () => {
    const impostor = new AccessTokens(SigningKeyRing.of([{ ...p256Key('2026-a') }], '2026-a'), 900, () => january);
    const genuine = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => january);
    expect(genuine.verify(impostor.issue('client-1').accessToken)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('refuses expired tokens (after a small clock skew) and tokens from the future', () => {
    let now = january;
    const tokens = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => now);
    const token = tokens.issue('client-1').accessToken;
    now = new Date(january.getTime() + 900_000 + 29_000);
    expect(tokens.verify(token).valid).toBe(true);
    now = new Date(january.getTime() + 900_000 + 30_000);
    expect(tokens.verify(token)).toEqual({ valid: false, reason: 'expired' });
    now = new Date(january.getTime() - 60_000);
    expect(tokens.verify(token)).toEqual({ valid: false, reason: 'not-yet-valid' });
  });

  it('refuses a changed claim, alg none, another algorithm and junk', () => {
    const tokens = new AccessTokens(SigningKeyRing.of([key2026], '2026-a'), 900, () => january);
    const { header, claims, signature } = segments(tokens.issue('client-1').accessToken);
    expect(tokens.verify(forge(header, { ...claims, sub: 'steward-client' }, signature))).toEqual({ valid: false, reason: 'bad-signature' });
    expect(tokens.verify(forge({ ...header, alg: 'none' }, claims, signature))).toEqual({ valid: false, reason: 'unsupported-algorithm' });
    expect(tokens.verify(forge({ ...header, alg: 'HS256' }, claims, signature))).toEqual({ valid: false, reason: 'unsupported-algorithm' });
    expect(tokens.verify(forge({ ...header, typ: 'JWT' }, claims, signature))).toEqual({ valid: false, reason: 'unsupported-algorithm' });
    expect(tokens.verify(forge(header, claims, ''))).toEqual({ valid: false, reason: 'malformed' });
    expect(tokens.verify('not a token')).toEqual({ valid: false, reason: 'malformed' });
    expect(tokens.verify(`${'a'.repeat(5000)}.b.c`)).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('SigningKeyRing', () => {
  it('refuses an active kid that names no key or a key without its private half', () => {
    const key = p256Key('k1');
    expect(() => SigningKeyRing.of([key], 'k2')).toThrow('the active key id "k2" names no configured key');
    expect(() => SigningKeyRing.of([retired(key)], 'k1')).toThrow('has no private key');
    expect(() => SigningKeyRing.of([key, key], 'k1')).toThrow('unique');
  });

  it('accepts only P-256 keys and never quotes the key in its messages', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => signingKeyFromPem('k1', { privateKeyPem: rsaPem })).toThrow('key "k1": must be an EC P-256 key (ES256)');
    expect(() => signingKeyFromPem('k1', { privateKeyPem: 'secret-material' })).toThrow(/^key "k1": privateKeyPem is not a readable PEM key$/);
  });

  it('generates a distinct ephemeral key each time', () => {
    const first = SigningKeyRing.ephemeral();
    expect(first.ephemeral).toBe(true);
    expect(first.activeKid).not.toBe(SigningKeyRing.ephemeral().activeKid);
  });
});
