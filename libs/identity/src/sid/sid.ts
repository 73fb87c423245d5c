/**
 * Statewide student identifier: 10 digits and a Damm check digit (11 characters, always a
 * string, leading zeros kept). See docs/adr/0004-sid-format.md.
 */
export type Sid = string;

const SID_BODY_DIGITS = 10;
const SID_BODY_SPACE = 10n ** BigInt(SID_BODY_DIGITS);
// Odd and not a multiple of 5, so multiplying permutes the 10-digit space: consecutive serials
// give unrelated-looking SIDs without a lookup table. It hides enrolment order from casual
// readers; it is not a secret.
const SERIAL_MULTIPLIER = 7_919_325_443n;
const SERIAL_OFFSET = 3_141_592_653n;

// Damm's totally anti-symmetric quasigroup of order 10: detects every single-digit error and
// every exchange of neighbouring digits.
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm check digit of a string of decimal digits. */
export function dammCheckDigit(digits: string): number {
  let interim = 0;
  for (let i = 0; i < digits.length; i++) interim = DAMM_TABLE[interim][digits.charCodeAt(i) - 48];
  return interim;
}

/** True for exactly 11 decimal digits whose Damm checksum is 0. */
export function isValidSid(value: unknown): value is Sid {
  return typeof value === 'string' && /^\d{11}$/.test(value) && dammCheckDigit(value) === 0;
}

/**
 * The SID for an allocator serial. Distinct serials give distinct SIDs (the mapping is a
 * bijection on 10-digit numbers), so SIDs are never reused as long as serials are not.
 */
export function sidFromSerial(serial: number): Sid {
  if (!Number.isSafeInteger(serial) || serial < 0 || BigInt(serial) >= SID_BODY_SPACE) {
    throw new RangeError(`SID serial out of range: ${serial}`);
  }
  const body = ((BigInt(serial) * SERIAL_MULTIPLIER + SERIAL_OFFSET) % SID_BODY_SPACE).toString().padStart(SID_BODY_DIGITS, '0');
  return `${body}${dammCheckDigit(body)}`;
}

/** The 10-digit body as a number: how the resolver stores a SID compactly. */
export function sidBody(sid: Sid): number {
  return Number(sid.slice(0, SID_BODY_DIGITS));
}

export function sidFromBody(body: number): Sid {
  const digits = String(body).padStart(SID_BODY_DIGITS, '0');
  return `${digits}${dammCheckDigit(digits)}`;
}

/**
 * Hands out serials that are never handed out again. The service backs it with a database
 * sequence (reserving blocks so resolution stays synchronous); tests use a counter.
 */
export interface SidAllocator {
  nextSerial(): number;
}

export class SequenceSidAllocator implements SidAllocator {
  constructor(private next = 1) {}

  nextSerial(): number {
    return this.next++;
  }
}
