/** 32-bit FNV-1a of a string, never 0 (0 marks a missing value in the typed-array columns). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash === 0 ? 1 : hash | 0;
}

const MIX_SEED = 0x9e3779b9;

/** Combines 32-bit integers into one well-mixed 32-bit fingerprint (murmur3 finaliser per step). */
export function mixHash(...parts: number[]): number {
  let hash = MIX_SEED;
  for (const part of parts) hash = mixStep(hash, part);
  return hash;
}

/** mixHash of exactly two integers, without the argument array (hot paths). */
export function pairHash(a: number, b: number): number {
  return mixStep(mixStep(MIX_SEED, a), b);
}

function mixStep(hash: number, part: number): number {
  let mixed = Math.imul(hash ^ part, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed | 0;
}
