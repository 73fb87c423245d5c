/**
 * True when b is a with one character inserted, deleted or substituted, or two neighbouring
 * characters exchanged (optimal string alignment distance 1).
 */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const lengthDifference = a.length - b.length;
  if (lengthDifference > 1 || lengthDifference < -1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  if (lengthDifference === 1) return a.slice(start + 1) === b.slice(start);
  if (lengthDifference === -1) return a.slice(start) === b.slice(start + 1);
  if (a.slice(start + 1) === b.slice(start + 1)) return true;
  return isAdjacentTransposition(a, b, start);
}

/** True when b is a with exactly one pair of neighbouring characters exchanged ("jno" for "jon"). */
export function isAdjacentTransposition(a: string, b: string, from = 0): boolean {
  if (a.length !== b.length) return false;
  let start = from;
  while (start < a.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  if (start >= a.length - 1) return false;
  return (
    a.charCodeAt(start) === b.charCodeAt(start + 1) &&
    a.charCodeAt(start + 1) === b.charCodeAt(start) &&
    a.charCodeAt(start) !== a.charCodeAt(start + 1) &&
    a.slice(start + 2) === b.slice(start + 2)
  );
}

/**
 * Letters that scanned forms read as two (and hand-keyed copies of scans repeat): "rn" for "m",
 * "cl" for "d". A standard confusion table of OCR error models, not a list of names.
 */
const OCR_SPLITS: ReadonlyMap<string, readonly string[]> = new Map([
  ['m', ['rn']],
  ['w', ['vv']],
  ['d', ['cl']],
  ['h', ['li']],
  ['u', ['ii']],
  ['n', ['ri']],
]);

/** True when one of the two has one letter where the other has the pair OCR reads it as ("rnaria" for "maria"). */
export function isOcrSplitApart(a: string, b: string): boolean {
  if (a.length === b.length + 1) return isOcrSplitApart(b, a);
  if (b.length !== a.length + 1) return false;
  let start = 0;
  while (start < a.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  if (start >= a.length) return false;
  const splits = OCR_SPLITS.get(a[start]);
  return splits !== undefined && splits.some((pair) => b.startsWith(pair, start) && a.slice(start + 1) === b.slice(start + 2));
}
