import { randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are stored as scrypt hashes with a per-secret salt. The stored text names
 * its parameters (scrypt$N$r$p$salt$hash), so they can be raised later without breaking
 * secrets hashed under the old ones.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** 256 random bits: a secret no one guesses, so the hash only has to resist offline attack. */
const SECRET_BYTES = 32;
// scrypt needs 128·N·r bytes; node's default ceiling is exactly that for these parameters.
const MAX_MEMORY = 64 * 1024 * 1024;

function scrypt(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(secret, salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))));
}

export function generateClientSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scrypt(secret, salt, PARAMETERS);
  return ['scrypt', PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison of a presented secret with a stored hash; false for any malformed hash. */
export async function clientSecretMatches(secret: string, storedHash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = storedHash.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const presented = await scrypt(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
