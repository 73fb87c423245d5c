import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';

/** node-forge keeps its own key type; node:crypto generates keys far faster than forge's pure-JS generator. */
export function toForgeKey(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string) as forge.pki.rsa.PrivateKey;
}
