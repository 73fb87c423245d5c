// Scratch flags reused across calls: comparisons run millions of times per second.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (1 = identical), with the standard prefix scale 0.1 over at
 * most 4 characters, applied when the Jaro similarity exceeds 0.7.
 * Greedy matching can depend on argument order, so the strings are put in a fixed order first
 * to keep the measure symmetric.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const [first, second] = a < b ? [a, b] : [b, a];
  const jaro = jaroSimilarity(first, second);
  if (jaro <= 0.7) return jaro;
  return jaro + commonPrefix(first, second) * 0.1 * (1 - jaro);
}

// Leading characters in common, at most four (Winkler's prefix).
function commonPrefix(a: string, b: string): number {
  let prefix = 0;
  const prefixLimit = Math.min(4, a.length, b.length);
  while (prefix < prefixLimit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return prefix;
}

// Slack for rounding, so the bound below never rules out a similarity the full measure reaches.
const BOUND_SLACK = 1e-9;
let letterCounts: Int32Array = new Int32Array(128);

/**
 * jaroWinkler(a, b) when it is at least `floor`, otherwise a value below `floor` (0). Matching
 * characters are at most the letters the two strings share, so when even that many matches
 * without transpositions stay below the floor (two unrelated names: most pairs a linker ever
 * samples), the matching itself is skipped.
 */
export function jaroWinklerAtLeast(a: string, b: string, floor: number): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const shared = sharedCharacters(a, b);
  if (shared === 0) return 0;
  const jaroBound = (shared / a.length + shared / b.length + 1) / 3;
  // The Winkler boost only grows with the Jaro similarity, so the bound carries through it.
  const bound = jaroBound <= 0.7 ? jaroBound : jaroBound + commonPrefix(a, b) * 0.1 * (1 - jaroBound);
  return bound + BOUND_SLACK < floor ? 0 : jaroWinkler(a, b);
}

// Characters the two strings have in common, counted with multiplicity.
function sharedCharacters(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) {
    const code = a.charCodeAt(i);
    if (code >= letterCounts.length) letterCounts = grownCounts(code);
    letterCounts[code]++;
  }
  let shared = 0;
  for (let i = 0; i < b.length; i++) {
    const code = b.charCodeAt(i);
    if (code < letterCounts.length && letterCounts[code] > 0) {
      letterCounts[code]--;
      shared++;
    }
  }
  for (let i = 0; i < a.length; i++) letterCounts[a.charCodeAt(i)] = 0;
  return shared;
}

function grownCounts(code: number): Int32Array {
  const grown = new Int32Array(Math.max(code + 1, letterCounts.length * 2));
  grown.set(letterCounts);
  return grown;
}

function jaroSimilarity(a: string, b: string): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (matchedA.length < lengthA) matchedA = new Uint8Array(lengthA * 2);
  if (matchedB.length < lengthB) matchedB = new Uint8Array(lengthB * 2);
  matchedA.fill(0, 0, lengthA);
  matchedB.fill(0, 0, lengthB);
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(lengthB - 1, i + window);
    for (let j = Math.max(0, i - window); j <= end; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let j = 0;
  for (let i = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const transpositions = Math.floor(halfTranspositions / 2);
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3;
}
