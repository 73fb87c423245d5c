import { memoised } from './memo';

/** A name reduced to comparable form: lower-case ASCII letters, one space between tokens. */
export interface NormalisedName {
  /** Tokens joined by a space ("garcia lopez"); '' when nothing usable remains. */
  readonly text: string;
  readonly tokens: readonly string[];
}

// Letters that NFD does not decompose into a base letter plus marks.
const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const LIGATURE_PATTERN = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');

/** Generation suffixes (Jr, III), dropped after a name's first token. */
export const GENERATION_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'ii', 'iii', 'iv']);

/** Surname particles that are not distinctive on their own ("de", "van"), so never a matching part. */
const SURNAME_PARTICLES = new Set(['de', 'del', 'della', 'der', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'van', 'von', 'den', 'ter', 'y', 'e', 'st', 'bin', 'ibn', 'al']);

/**
 * Case, accents (NFD, marks stripped), punctuation and generation suffixes removed.
 * Apostrophes and dots join ("O'Brien" → "obrien"); hyphens, commas and other punctuation
 * separate tokens ("Garcia-Lopez" → "garcia lopez"). Idempotent.
 */
export function normaliseName(raw: string | undefined | null): NormalisedName {
  if (!raw) return EMPTY_NAME;
  // Most names are one plain word, which folding only lower-cases: no need to look it up.
  if (PLAIN_WORD.test(raw)) {
    const text = raw.toLowerCase();
    return { text, tokens: [text] };
  }
  return rememberedName(raw);
}

const PLAIN_WORD = /^[A-Za-z]+$/;

// The result's token array is shared between callers that pass the same text: it is never changed.
const rememberedName = memoised(foldName, 1 << 16);

function foldName(raw: string): NormalisedName {
  const folded = raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(LIGATURE_PATTERN, (letter) => LIGATURES[letter])
    .replace(/['’`´.]/g, '')
    .replace(/\b(2nd|3rd|4th)\b/g, ' ')
    .replace(DIGIT_IN_WORD, (digit) => OCR_LETTER_OF_DIGIT[digit] ?? digit)
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (folded === '') return EMPTY_NAME;
  // A suffix is only recognised after the first token: "Junior" alone is a name.
  const tokens = folded.split(' ').filter((token, index) => index === 0 || !GENERATION_SUFFIXES.has(token));
  return { text: tokens.join(' '), tokens };
}

const EMPTY_NAME: NormalisedName = { text: '', tokens: [] };

/** A digit beside a letter is a scanning or keying slip for the letter it resembles ("Ro6ert", "5arah"), not a word break. */
const DIGIT_IN_WORD = /(?<=[a-z])[0-9]|[0-9](?=[a-z])/g;
const OCR_LETTER_OF_DIGIT: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', '2': 'z', '5': 's', '6': 'b', '8': 'b', '9': 'g' };

/** Distinctive parts of a compound surname ("de la cruz garcia" → cruz, garcia), for any-part matching. */
export function surnameParts(name: NormalisedName): string[] {
  if (name.tokens.length < 2) return [];
  return name.tokens.filter((token) => token.length > 1 && !SURNAME_PARTICLES.has(token));
}
