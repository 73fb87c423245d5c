import { createHmac, hash } from 'node:crypto';
import { DisclosureControlError } from '../values';

/** Shorter secrets would make an HMAC key weaker than the SHA-256 it runs on. */
export const MIN_PROJECT_SECRET_BYTES = 32;

const PSEUDONYM_PREFIX = 'P';
// 20 characters of 5 bits: 100 bits, so collisions stay negligible (about n²/2¹⁰¹) for any state's students.
const PSEUDONYM_CHARACTERS = 20;
// Crockford's base 32 leaves out I, L, O and U, so a pseudonym read aloud or retyped is not misread.
const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHA256_BLOCK_BYTES = 64;
const SHA256_BYTES = 32;

/**
 * The secret of one extract's pseudonyms: HMAC-SHA256 of the extract's id under the project's
 * secret. Two extracts of a project then share no pseudonym, so two k-anonymous extracts cannot
 * be joined into one that is not; the hub, holding the project's secret, can still rederive it.
 */
export function extractPseudonymSecret(projectSecret: Uint8Array, extractId: string): Buffer {
  if (projectSecret.length < MIN_PROJECT_SECRET_BYTES) throw new DisclosureControlError(`a project pseudonym secret must be at least ${MIN_PROJECT_SECRET_BYTES} bytes`);
  if (extractId.length === 0) throw new DisclosureControlError('an extract pseudonym secret needs the extract id');
  return createHmac('sha256', projectSecret).update(`lantern.extract-pseudonyms/1:${extractId}`, 'utf8').digest();
}

/**
 * The secret of a project's linked extracts' pseudonyms, when its agreement allows linking across
 * extracts: HMAC-SHA256 of a fixed label under the project's secret, the same for every linked
 * extract of the project and none of its per-extract secrets (their label names an extract).
 * Only safe with the union of the linked extracts checked at each build (libs/extracts).
 */
export function linkedExtractsPseudonymSecret(projectSecret: Uint8Array): Buffer {
  if (projectSecret.length < MIN_PROJECT_SECRET_BYTES) throw new DisclosureControlError(`a project pseudonym secret must be at least ${MIN_PROJECT_SECRET_BYTES} bytes`);
  return createHmac('sha256', projectSecret).update('lantern.linked-extract-pseudonyms/1', 'utf8').digest();
}

/**
 * Pseudonyms for statewide student IDs: HMAC-SHA256 of the SID keyed with a secret (a project's,
 * or one extract's from extractPseudonymSecret, or a project's linked extracts' from linkedExtractsPseudonymSecret). The same SID always gets the same pseudonym
 * under one secret; without it, pseudonyms under two secrets cannot be joined, nor traced back
 * to SIDs.
 */
export class ProjectPseudonymiser {
  private readonly innerPad: Buffer;
  private readonly outerPad: Buffer;

  constructor(projectSecret: Uint8Array) {
    if (projectSecret.length < MIN_PROJECT_SECRET_BYTES) {
      throw new DisclosureControlError(
        `a project pseudonym secret must be at least ${MIN_PROJECT_SECRET_BYTES} bytes (got ${projectSecret.length}); make one with crypto.randomBytes(${MIN_PROJECT_SECRET_BYTES})`,
      );
    }
    // HMAC (RFC 2104) from its padded keys, computed once: two one-shot hashes per pseudonym are
    // several times faster than an Hmac object per call, and an extract makes millions of them.
    // The pads are copies, so the caller may wipe its buffer.
    const key = projectSecret.length > SHA256_BLOCK_BYTES ? hash('sha256', projectSecret, 'buffer') : projectSecret;
    this.innerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
    this.outerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);
    for (let index = 0; index < key.length; index++) {
      this.innerPad[index] ^= key[index];
      this.outerPad[index] ^= key[index];
    }
  }

  /** "P" and 20 base-32 characters, e.g. "P3KX9Q0M1ZR7T2WCDF8HJ". */
  pseudonym(sid: string): string {
    if (sid.length === 0) throw new DisclosureControlError('an empty student ID has no pseudonym');
    const inner = hash('sha256', Buffer.concat([this.innerPad, Buffer.from(sid, 'utf8')]), 'buffer');
    return this.fromMac(hash('sha256', Buffer.concat([this.outerPad, inner]), 'buffer'));
  }

  /**
   * The HMAC's padded keys, for a database that computes the same MAC set-based
   * (sha256(outer ‖ sha256(inner ‖ UTF-8 of the SID))): millions of pseudonyms then cost the
   * builder no hashing. Copies, as the pads are as secret as the project's secret itself.
   */
  hmacPads(): { inner: Buffer; outer: Buffer } {
    return { inner: Buffer.from(this.innerPad), outer: Buffer.from(this.outerPad) };
  }

  /** The pseudonym of the SID whose HMAC-SHA256 under this project's secret is `mac`. */
  fromMac(mac: Uint8Array): string {
    if (mac.length !== SHA256_BYTES) throw new DisclosureControlError(`a pseudonym is made from a ${SHA256_BYTES}-byte HMAC-SHA256, not ${mac.length} bytes`);
    return PSEUDONYM_PREFIX + base32Prefix(mac, PSEUDONYM_CHARACTERS);
  }
}

/** The first `characters` base-32 digits of the bytes, most significant bit first. */
function base32Prefix(bytes: Uint8Array, characters: number): string {
  let text = '';
  for (let character = 0; character < characters; character++) {
    let digit = 0;
    for (let bit = character * 5; bit < character * 5 + 5; bit++) digit = (digit << 1) | ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
    text += CROCKFORD_BASE32[digit];
  }
  return text;
}
