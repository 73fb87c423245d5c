import { randomBytes } from 'node:crypto';
import { DisclosureControlError } from '../values';
import { extractPseudonymSecret, linkedExtractsPseudonymSecret, ProjectPseudonymiser } from './project-pseudonymiser';

const SID = '12345678903';

describe('ProjectPseudonymiser', () => {
  it('gives "P" and 20 Crockford base-32 characters', () => {
    expect(new ProjectPseudonymiser(randomBytes(32)).pseudonym(SID)).toMatch(/^P[0-9A-HJKMNP-TV-Z]{20}$/);
  });

  it('encodes the first 100 bits of HMAC-SHA256(project secret, SID)', () => {
    // HMAC-SHA256 with a key of 32 zero bytes over "12345678903" is debca91b4f9d7806ac0b64f6ed…
    // (Python's hmac module); its first 20 five-bit groups in Crockford base 32:
    expect(new ProjectPseudonymiser(Buffer.alloc(32)).pseudonym(SID)).toBe('PVTYAJ6TFKNW0DB0BCKVE');
  });

  it('refuses a secret shorter than 32 bytes, saying how to make one', () => {
    expect(() => new ProjectPseudonymiser(randomBytes(31))).toThrow(
      new DisclosureControlError('a project pseudonym secret must be at least 32 bytes (got 31); make one with crypto.randomBytes(32)'),
    );
    expect(() => new ProjectPseudonymiser(randomBytes(64))).not.toThrow();
  });

  it('keeps its own copy of the secret', () => {
    const secret = randomBytes(32);
    const pseudonymiser = new ProjectPseudonymiser(secret);
    const before = pseudonymiser.pseudonym(SID);
    secret.fill(0);
    expect(pseudonymiser.pseudonym(SID)).toBe(before);
  });

  it('makes a pseudonym only from a whole HMAC-SHA256', () => {
    expect(() => new ProjectPseudonymiser(randomBytes(32)).fromMac(randomBytes(20))).toThrow(new DisclosureControlError('a pseudonym is made from a 32-byte HMAC-SHA256, not 20 bytes'));
  });

  it('refuses an empty ID', () => {
    expect(() => new ProjectPseudonymiser(randomBytes(32)).pseudonym('')).toThrow(DisclosureControlError);
  });
});

describe('extractPseudonymSecret', () => {
  it('gives each extract of a project its own pseudonyms, the same each time it is derived', () => {
    const project = randomBytes(32);
    const [first, second] = [extractPseudonymSecret(project, '1'), extractPseudonymSecret(project, '2')];
    expect(new ProjectPseudonymiser(first).pseudonym(SID)).not.toBe(new ProjectPseudonymiser(second).pseudonym(SID));
    expect(new ProjectPseudonymiser(first).pseudonym(SID)).not.toBe(new ProjectPseudonymiser(project).pseudonym(SID));
    expect(extractPseudonymSecret(project, '1')).toEqual(first);
  });

  it('refuses a short project secret or an empty extract id', () => {
    expect(() => extractPseudonymSecret(randomBytes(31), '1')).toThrow(DisclosureControlError);
    expect(() => extractPseudonymSecret(randomBytes(32), '')).toThrow(DisclosureControlError);
  });
});

describe('linkedExtractsPseudonymSecret', () => {
  it("gives a project's linked extracts one secret, none of its per-extract ones, nor another project's", () => {
    const project = randomBytes(32);
    const linked = linkedExtractsPseudonymSecret(project);
    expect(linkedExtractsPseudonymSecret(Buffer.from(project))).toEqual(linked);
    expect(linked).not.toEqual(linkedExtractsPseudonymSecret(randomBytes(32)));
    const pseudonym = new ProjectPseudonymiser(linked).pseudonym(SID);
    for (const other of [project, extractPseudonymSecret(project, '1'), extractPseudonymSecret(project, 'linked')])
      expect(new ProjectPseudonymiser(other).pseudonym(SID)).not.toBe(pseudonym);
  });

  it('refuses a short project secret', () => {
    expect(() => linkedExtractsPseudonymSecret(randomBytes(31))).toThrow(DisclosureControlError);
  });
});
