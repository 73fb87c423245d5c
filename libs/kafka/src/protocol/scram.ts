import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** The hash a SCRAM mechanism is named after: SCRAM-SHA-512 is the broker's (ADR 0017); SHA-256 is here for RFC 7677's test vector. */
export type ScramHash = 'sha256' | 'sha512';

const HASH_BYTES: Record<ScramHash, number> = { sha256: 32, sha512: 64 };

/** Kafka's lower bound for SCRAM iterations; a server asking for fewer is refused (it would make the proof cheap to attack). */
export const MIN_SCRAM_ITERATIONS = 4096;

/** RFC 5802's Hi(): PBKDF2 with HMAC over the mechanism's hash, one hash length long. */
export async function saltedPassword(hash: ScramHash, password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, HASH_BYTES[hash], hash);
}

const hmac = (hash: ScramHash, key: Buffer, text: string | Buffer) => createHmac(hash, key).update(text).digest();
const digest = (hash: ScramHash, data: Buffer) => createHash(hash).update(data).digest();

/** RFC 5802 section 5.1: ',' and '=' in a user name travel as '=2C' and '=3D'. */
export function scramUsername(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** A SCRAM message's attributes (`r=…,s=…,i=…`); a value may itself contain '='. */
function attributes(message: string): Map<string, string> {
  return new Map(
    message.split(',').map((part) => {
      const separator = part.indexOf('=');
      return separator === 1 ? [part[0], part.slice(2)] : ['', part];
    }),
  );
}

/**
 * The client side of one SCRAM exchange (RFC 5802, without channel binding, as Kafka speaks
 * it): the client-first message, the client-final message with its proof once the server has
 * sent its salt and nonce, and the check of the server's signature, which proves the server
 * knows the credential too. The password never leaves this object.
 */
export class ScramClientExchange {
  private readonly clientFirstBare: string;
  private expectedServerSignature?: Buffer;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    private readonly clientNonce = randomBytes(24).toString('base64'),
  ) {
    this.clientFirstBare = `n=${scramUsername(username)},r=${clientNonce}`;
  }

  /** gs2 header "n,," (no channel binding, no authorisation identity), then the bare message. */
  clientFirst(): string {
    return `n,,${this.clientFirstBare}`;
  }

  async clientFinal(serverFirst: string): Promise<string> {
    const server = attributes(serverFirst);
    if (server.has('m')) throw new Error('SCRAM: the server asks for an extension this client does not know');
    const nonce = server.get('r') ?? '';
    const salt = Buffer.from(server.get('s') ?? '', 'base64');
    const iterations = Number(server.get('i'));
    if (!nonce.startsWith(this.clientNonce) || nonce.length <= this.clientNonce.length) throw new Error('SCRAM: the server’s nonce does not extend the client’s');
    if (salt.length === 0) throw new Error('SCRAM: the server sent no salt');
    if (!Number.isSafeInteger(iterations) || iterations < MIN_SCRAM_ITERATIONS)
      throw new Error(`SCRAM: the server asks for ${server.get('i')} iterations, fewer than ${MIN_SCRAM_ITERATIONS}`);

    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const salted = await saltedPassword(this.hash, this.password, salt, iterations);
    const clientKey = hmac(this.hash, salted, 'Client Key');
    const clientSignature = hmac(this.hash, digest(this.hash, clientKey), authMessage);
    const proof = Buffer.from(clientKey.map((byte, index) => byte ^ clientSignature[index]));
    this.expectedServerSignature = hmac(this.hash, hmac(this.hash, salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Throws unless the server's final message carries the signature only a holder of the credential can make. */
  verifyServerFinal(serverFinal: string): void {
    const server = attributes(serverFinal);
    if (server.has('e')) throw new Error(`SCRAM: the server refused the login (${server.get('e')})`);
    const signature = Buffer.from(server.get('v') ?? '', 'base64');
    const expected = this.expectedServerSignature;
    if (!expected) throw new Error('SCRAM: the server’s final message came before the client’s');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new Error('SCRAM: the server’s signature is wrong: it does not know this credential');
  }
}
