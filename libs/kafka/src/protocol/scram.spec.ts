import fc from 'fast-check';
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { MIN_SCRAM_ITERATIONS, saltedPassword, ScramClientExchange, scramUsername } from './scram';

describe('SCRAM client (RFC 5802)', () => {
  it('computes RFC 7677’s SCRAM-SHA-256 exchange exactly: the proof, and accepts the server’s signature', async () => {
    const exchange = new ScramClientExchange('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(exchange.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const clientFinal = await exchange.clientFinal('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
    expect(clientFinal).toBe('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    expect(() => exchange.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).not.toThrow();
    expect(() => exchange.verifyServerFinal('v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow(/signature is wrong/);
  });

  it('salts with PBKDF2-HMAC-SHA512, 64 bytes, as Kafka’s broker derives its keys from', async () => {
    const salt = Buffer.from('kafka-salt');
    expect(await saltedPassword('sha512', 'secret', salt, 8192)).toEqual(pbkdf2Sync('secret', salt, 8192, 64, 'sha512'));
  });

  it('proves a SCRAM-SHA-512 password to a server holding only the stored and server keys, and only the right one', async () => {
    const printable = fc.stringMatching(/^[!-+\--~]{1,24}$/); // printable ASCII without ','
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        printable,
        printable,
        fc.uint8Array({ minLength: 1, maxLength: 32 }),
        fc.integer({ min: MIN_SCRAM_ITERATIONS, max: MIN_SCRAM_ITERATIONS + 64 }),
        async (username, password, otherPassword, clientNonce, serverNonce, saltBytes, iterations) => {
          const salt = Buffer.from(saltBytes);
          // What Kafka keeps for the user (ScramCredential): salt, iterations, StoredKey and ServerKey, never the password.
          const server = sha512Server(pbkdf2Sync(password, salt, iterations, 64, 'sha512'), salt, iterations, serverNonce);

          const right = new ScramClientExchange('sha512', username, password, clientNonce);
          const serverFirst = server.first(right.clientFirst());
          const serverFinal = server.final(await right.clientFinal(serverFirst));
          expect(serverFinal).toMatch(/^v=/);
          expect(() => right.verifyServerFinal(serverFinal)).not.toThrow();

          fc.pre(otherPassword !== password);
          const wrong = new ScramClientExchange('sha512', username, otherPassword, clientNonce);
          expect(server.final(await wrong.clientFinal(server.first(wrong.clientFirst())))).toBe('e=invalid-proof');
          // A server that does not know the credential cannot sign: the client refuses it.
          const impostor = sha512Server(pbkdf2Sync(otherPassword, salt, iterations, 64, 'sha512'), salt, iterations, serverNonce);
          const fooled = new ScramClientExchange('sha512', username, password, clientNonce);
          const impostorFinal = impostor.final(await fooled.clientFinal(impostor.first(fooled.clientFirst())), { signAnyway: true });
          expect(() => fooled.verifyServerFinal(impostorFinal)).toThrow(/signature is wrong/);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a server that does not extend its nonce, sends no salt, or asks for too few iterations', async () => {
    const exchange = () => new ScramClientExchange('sha512', 'u', 'p', 'abc');
    await expect(exchange().clientFinal('r=xyz123,s=c2FsdA==,i=8192')).rejects.toThrow(/nonce/);
    await expect(exchange().clientFinal('r=abc,s=c2FsdA==,i=8192')).rejects.toThrow(/nonce/);
    await expect(exchange().clientFinal('r=abcdef,s=,i=8192')).rejects.toThrow(/salt/);
    await expect(exchange().clientFinal('r=abcdef,s=c2FsdA==,i=1000')).rejects.toThrow(/iterations/);
    await expect(exchange().clientFinal('m=ext,r=abcdef,s=c2FsdA==,i=8192')).rejects.toThrow(/extension/);
    expect(() => exchange().verifyServerFinal('e=other-error')).toThrow(/refused the login \(other-error\)/);
  });

  it('escapes "," and "=" in a user name so the message cannot be split, and the escape is reversible', () => {
    fc.assert(
      fc.property(fc.string(), (username) => {
        const escaped = scramUsername(username);
        expect(escaped).not.toContain(',');
        expect(escaped.replace(/=2C/g, ',').replace(/=3D/g, '=')).toBe(username);
      }),
    );
  });
});

/** The server side of RFC 5802 for SHA-512, written from the RFC apart from the client under test. */
function sha512Server(salted: Buffer, salt: Buffer, iterations: number, serverNonce: string) {
  const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha512', key).update(text).digest();
  const storedKey = createHash('sha512').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  let clientFirstBare = '';
  let serverFirst = '';
  return {
    first(clientFirst: string): string {
      expect(clientFirst.startsWith('n,,n=')).toBe(true);
      clientFirstBare = clientFirst.slice(3);
      const clientNonce = clientFirstBare.slice(clientFirstBare.indexOf(',r=') + 3);
      serverFirst = `r=${clientNonce}${serverNonce},s=${salt.toString('base64')},i=${iterations}`;
      return serverFirst;
    },
    final(clientFinal: string, options: { signAnyway?: boolean } = {}): string {
      const proofAt = clientFinal.lastIndexOf(',p=');
      const withoutProof = clientFinal.slice(0, proofAt);
      const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      const clientSignature = hmac(storedKey, authMessage);
      const clientKey = Buffer.from(proof.map((byte, index) => byte ^ clientSignature[index]));
      const proven = proof.length === 64 && timingSafeEqual(createHash('sha512').update(clientKey).digest(), storedKey);
      return proven || options.signAnyway ? `v=${hmac(serverKey, authMessage).toString('base64')}` : 'e=invalid-proof';
    },
  };
}
