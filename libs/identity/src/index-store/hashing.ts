/** 32-bit FNV-1a of a string, never 0 (0 marks a missing value in the typed-array columns). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash === 0 ? 1 : hash | 0;
}

/** Combines 32-bit integers into one well-mixed 32-bit fingerprint (murmur3 finaliser per step). */
export function mixHash(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    hash = Math.imul(hash ^ part, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash | 0;
}
