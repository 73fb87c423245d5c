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
  let prefix = 0;
  const prefixLimit = Math.min(4, first.length, second.length);
  while (prefix < prefixLimit && first.charCodeAt(prefix) === second.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
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
