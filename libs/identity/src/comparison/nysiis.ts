const isVowel = (letter: string): boolean => letter === 'A' || letter === 'E' || letter === 'I' || letter === 'O' || letter === 'U';

/**
 * NYSIIS phonetic code (New York State Identification and Intelligence System), following
 * Apache Commons Codec's non-strict variant, then cut to `maxLength` (6 in the original
 * algorithm; blocking uses the cut code so long names tolerate a late typo).
 */
export function nysiis(name: string, maxLength = Number.POSITIVE_INFINITY): string {
  let text = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (text === '') return '';
  text = text
    .replace(/^MAC/, 'MCC')
    .replace(/^KN/, 'NN')
    .replace(/^K/, 'C')
    .replace(/^(PH|PF)/, 'FF')
    .replace(/^SCH/, 'SSS')
    .replace(/(EE|IE)$/, 'Y')
    .replace(/(DT|RT|RD|NT|ND)$/, 'D');
  const letters = text.split('');
  let key = letters[0];
  for (let i = 1; i < letters.length; i++) {
    const transcoded = transcode(letters[i - 1], letters[i], letters[i + 1] ?? ' ', letters[i + 2] ?? ' ');
    for (let offset = 0; offset < transcoded.length && i + offset < letters.length; offset++) letters[i + offset] = transcoded[offset];
    if (letters[i] !== letters[i - 1]) key += letters[i];
  }
  if (key.length > 1) {
    if (key.endsWith('S')) key = key.slice(0, -1);
    if (key.length > 2 && key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
    if (key.endsWith('A')) key = key.slice(0, -1);
  }
  return key.slice(0, maxLength);
}

function transcode(previous: string, current: string, next: string, afterNext: string): string {
  if (current === 'E' && next === 'V') return 'AF';
  if (isVowel(current)) return 'A';
  if (current === 'Q') return 'G';
  if (current === 'Z') return 'S';
  if (current === 'M') return 'N';
  if (current === 'K') return next === 'N' ? 'NN' : 'C';
  if (current === 'S' && next === 'C' && afterNext === 'H') return 'SSS';
  if (current === 'P' && next === 'H') return 'FF';
  if (current === 'H' && (!isVowel(previous) || !isVowel(next))) return previous;
  if (current === 'W' && isVowel(previous)) return previous;
  return current;
}
