import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/** ES256 only: one algorithm means no algorithm confusion (ADR 0005). */
export const ACCESS_TOKEN_CURVE = 'prime256v1';

/** One configured key: its private half signs (only the active key's does), its public half verifies. */
export interface SigningKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
  /** Absent for a retired key kept only to verify tokens it signed before a rotation. */
  readonly privateKey?: KeyObject;
}

/**
 * The keys access tokens are signed and verified with. Tokens are signed with the active key
 * and verified with whichever key their `kid` names, so a rotation is: add the new key, make
 * it active, and drop the old one once the last token it signed has expired.
 */
export class SigningKeyRing {
  private readonly byKid: ReadonlyMap<string, SigningKey>;

  private constructor(
    keys: readonly SigningKey[],
    readonly activeKid: string,
    /** True when the key was generated at start-up for development: tokens die with the process. */
    readonly ephemeral: boolean,
  ) {
    this.byKid = new Map(keys.map((key) => [key.kid, key]));
  }

  static of(keys: readonly SigningKey[], activeKid: string): SigningKeyRing {
    const kids = new Set(keys.map((key) => key.kid));
    if (kids.size !== keys.length) throw new Error('signing key ids must be unique');
    const active = keys.find((key) => key.kid === activeKid);
    if (!active) throw new Error(`the active key id "${activeKid}" names no configured key`);
    if (!active.privateKey) throw new Error(`the active key "${activeKid}" has no private key to sign with`);
    return new SigningKeyRing(keys, activeKid, false);
  }

  /** A throwaway key for `npm start` and tests (only when LANTERN_DEV_EPHEMERAL_KEYS=true). */
  static ephemeral(): SigningKeyRing {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: ACCESS_TOKEN_CURVE });
    const kid = `ephemeral-${randomBytes(6).toString('hex')}`;
    return new SigningKeyRing([{ kid, privateKey, publicKey }], kid, true);
  }

  get kids(): string[] {
    return [...this.byKid.keys()];
  }

  signingKey(): { kid: string; privateKey: KeyObject } {
    const active = this.byKid.get(this.activeKid) as SigningKey;
    return { kid: active.kid, privateKey: active.privateKey as KeyObject };
  }

  verificationKey(kid: string): KeyObject | undefined {
    return this.byKid.get(kid)?.publicKey;
  }
}

/** Reads one configured key from PEM; refuses anything but a P-256 EC key. Messages never quote the key. */
export function signingKeyFromPem(kid: string, pem: { privateKeyPem?: string; publicKeyPem?: string }): SigningKey {
  if (pem.privateKeyPem !== undefined) {
    const privateKey = readKey(() => createPrivateKey(pem.privateKeyPem as string), kid, 'privateKeyPem');
    assertP256(privateKey, kid);
    return { kid, privateKey, publicKey: createPublicKey(privateKey) };
  }
  if (pem.publicKeyPem !== undefined) {
    const publicKey = readKey(() => createPublicKey(pem.publicKeyPem as string), kid, 'publicKeyPem');
    assertP256(publicKey, kid);
    return { kid, publicKey };
  }
  throw new Error(`key "${kid}": needs privateKeyPem (or publicKeyPem for a retired key)`);
}

function readKey(read: () => KeyObject, kid: string, field: string): KeyObject {
  try {
    return read();
  } catch {
    throw new Error(`key "${kid}": ${field} is not a readable PEM key`);
  }
}

function assertP256(key: KeyObject, kid: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== ACCESS_TOKEN_CURVE) {
    throw new Error(`key "${kid}": must be an EC P-256 key (ES256)`);
  }
}
