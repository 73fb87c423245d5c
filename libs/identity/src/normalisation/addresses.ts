import { normaliseName } from './names';

// USPS standard suffix and unit abbreviations, so "12 Oak Street Apt 3" equals "12 oak st #3".
const ADDRESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
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
};

/** Address in comparable form: case, accents and punctuation folded, street words abbreviated. */
export function normaliseAddress(raw: string | undefined): string {
  if (!raw) return '';
  // House and unit numbers matter here, so digits are kept: split them from letters first.
  const words = raw
    .replace(/#/g, ' apt ')
    .split(/(\d+)/)
    .map((part) => (/^\d+$/.test(part) ? ` ${part} ` : ` ${normaliseName(part).text} `))
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  return words.map((word) => ADDRESS_ABBREVIATIONS[word] ?? word).join(' ');
}

/** Postcode in comparable form: upper-case, no spaces; a US ZIP+4 keeps its five-digit ZIP. */
export function normalisePostcode(raw: string | undefined): string {
  const text = raw?.toUpperCase().replace(/[^0-9A-Z]/g, '') ?? '';
  return /^\d{9}$/.test(text) ? text.slice(0, 5) : text;
}
