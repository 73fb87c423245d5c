import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { ProjectPseudonymiser } from './project-pseudonymiser';

const sid = fc.stringMatching(/^\d{11}$/);
const secret = fc.uint8Array({ minLength: 32, maxLength: 64 });

describe('ProjectPseudonymiser (properties)', () => {
  it('is HMAC-SHA256 of the SID under the project secret, for any SID and any secret length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 40 }), (projectSecret, id) => {
        fc.pre(id.length > 0);
        const digest = createHmac('sha256', Buffer.from(projectSecret)).update(id, 'utf8').digest();
        // The pseudonym is 'P' and the first 100 bits of the MAC in Crockford base 32.
        const bits = [...digest]
          .map((byte) => byte.toString(2).padStart(8, '0'))
          .join('')
          .slice(0, 100);
        const expected =
          'P' +
          bits
            .match(/.{5}/g)!
            .map((chunk) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(chunk, 2)])
            .join('');
        expect(new ProjectPseudonymiser(projectSecret).pseudonym(id)).toBe(expected);
      }),
    );
  });

  it('is the same from its HMAC pads, as a database computes it set-based, and from the MAC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (projectSecret, id) => {
        const pseudonymiser = new ProjectPseudonymiser(projectSecret);
        const { inner, outer } = pseudonymiser.hmacPads();
        const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
        const mac = sha256(outer, sha256(inner, Buffer.from(id, 'utf8')));
        expect(mac).toEqual(createHmac('sha256', Buffer.from(projectSecret)).update(id, 'utf8').digest());
        expect(pseudonymiser.fromMac(mac)).toBe(pseudonymiser.pseudonym(id));
      }),
    );
  });

  it('is deterministic within a project, across instances made from the same secret', () => {
    fc.assert(
      fc.property(secret, sid, (projectSecret, id) => {
        expect(new ProjectPseudonymiser(projectSecret).pseudonym(id)).toBe(new ProjectPseudonymiser(Uint8Array.from(projectSecret)).pseudonym(id));
      }),
    );
  });

  it('differs across projects for the same SID', () => {
    fc.assert(
      fc.property(secret, secret, sid, (secretA, secretB, id) => {
        fc.pre(Buffer.compare(secretA, secretB) !== 0);
        expect(new ProjectPseudonymiser(secretA).pseudonym(id)).not.toBe(new ProjectPseudonymiser(secretB).pseudonym(id));
      }),
    );
  });

  it('gives distinct SIDs distinct pseudonyms that contain no part of the SID', () => {
    fc.assert(
      fc.property(secret, fc.uniqueArray(sid, { minLength: 1, maxLength: 200 }), (projectSecret, ids) => {
        const pseudonymiser = new ProjectPseudonymiser(projectSecret);
        const pseudonyms = ids.map((id) => pseudonymiser.pseudonym(id));
        expect(new Set(pseudonyms).size).toBe(ids.length);
        // Neither the SID nor any 8 consecutive digits of it (a chance match of 8 is below one in 10¹¹ per SID).
        ids.forEach((id, index) => {
          for (let start = 0; start + 8 <= id.length; start++) expect(pseudonyms[index]).not.toContain(id.slice(start, start + 8));
        });
      }),
    );
  });
});
