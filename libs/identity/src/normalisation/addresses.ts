import { GENERATION_SUFFIXES, normaliseName } from './names';

// USPS standard suffix and unit abbreviations, so "12 Oak Street Apt 3" equals "12 oak st #3".
const ADDRESS_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    street: 'st',
    avenue: 'ave',
    av: 'ave',
    road: 'rd',
    drive: 'dr',
    lane: 'ln',
    court: 'ct',
    boulevard: 'blvd',
    place: 'pl',
    terrace: 'ter',
    circle: 'cir',
    highway: 'hwy',
    parkway: 'pkwy',
    square: 'sq',
    trail: 'trl',
    apartment: 'apt',
    unit: 'apt',
    suite: 'ste',
    north: 'n',
    south: 's',
    east: 'e',
    west: 'w',
  }),
);

/** Address in comparable form: case, accents and punctuation folded, street words abbreviated. */
export function normaliseAddress(raw: string | undefined): string {
  if (!raw) return '';
  return foldAsciiAddress(raw) ?? foldAddress(raw);
}

function foldAddress(raw: string): string {
  // House and unit numbers matter here, so digits are kept: split them from letters first.
  const words = raw
    .replace(/#/g, ' apt ')
    .split(/(\d+)/)
    .map((part) => (/^\d+$/.test(part) ? ` ${part} ` : ` ${normaliseName(part).text} `))
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  return words.map(abbreviated).join(' ');
}

const abbreviated = (word: string): string => ADDRESS_ABBREVIATIONS.get(word) ?? word;

const HASH = 0x23;
const APOSTROPHE = 0x27;
const DOT = 0x2e;
const BACKTICK = 0x60;
const JOINERS = /['.`]/g;

/**
 * foldAddress in one pass without regular expressions, for an address in ASCII (nearly all of
 * them; it needs no accent folding); undefined at the first character beyond ASCII. Words are
 * runs of letters (apostrophes, dots and backticks join them, as in names) or of digits; "#" is
 * "apt"; a generation suffix is dropped unless it is the first word after a number, as
 * normaliseName drops it after the first token of each stretch between numbers.
 */
function foldAsciiAddress(raw: string): string | undefined {
  let folded = '';
  let wordsSinceNumber = 0;
  let start = -1;
  let digits = false;
  let joined = false;
  const length = raw.length;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? raw.charCodeAt(i) : 0x20;
    if (code > 0x7f) return undefined;
    const isDigit = code >= 0x30 && code <= 0x39;
    const lower = code | 0x20;
    const isLetter = lower >= 0x61 && lower <= 0x7a;
    const isJoiner = code === APOSTROPHE || code === DOT || code === BACKTICK;
    if (start >= 0 && (digits ? !isDigit : !isLetter && !isJoiner)) {
      let word = raw.slice(start, i);
      if (digits) {
        wordsSinceNumber = 0;
      } else {
        word = word.toLowerCase();
        if (joined) word = word.replace(JOINERS, '');
        if (word !== '') word = wordsSinceNumber++ > 0 && GENERATION_SUFFIXES.has(word) ? '' : abbreviated(word);
      }
      if (word !== '') folded = folded === '' ? word : `${folded} ${word}`;
      start = -1;
    }
    if (start < 0) {
      if (isDigit || isLetter || isJoiner) {
        start = i;
        digits = isDigit;
        joined = isJoiner;
      } else if (code === HASH) {
        wordsSinceNumber++;
        folded = folded === '' ? 'apt' : `${folded} apt`;
      }
    } else if (isJoiner) {
      joined = true;
    }
  }
  return folded;
}

/** Postcode in comparable form: upper-case, no spaces; a US ZIP+4 keeps its five-digit ZIP. */
export function normalisePostcode(raw: string | undefined): string {
  const text = raw?.toUpperCase().replace(/[^0-9A-Z]/g, '') ?? '';
  return /^\d{9}$/.test(text) ? text.slice(0, 5) : text;
}
