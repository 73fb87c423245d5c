import { isAdjacentTransposition, isOcrSplitApart, isOneEditApart } from '../comparison/edit-distance';
import { jaroWinklerAtLeast } from '../comparison/jaro-winkler';
import { daysApart, isDayMonthSwap, isOneDigitApart, isOneDigitTypo, MISSING_DATE, yearOf } from '../normalisation/dates';
import { copyInto, grownCapacity } from '../index-store/hash-chains';
import { hashString, pairHash } from '../index-store/hashing';
import { MISSING_NAME, type NameTable } from '../index-store/name-table';
import { type RecordStore, SEX_UNKNOWN } from '../index-store/record-store';
import { MISSING_TEXT, type TextTable } from '../index-store/text-table';

/**
 * The comparison vector: for each field, which level of agreement two records reach. Levels
 * are ordered from strongest agreement to disagreement; MISSING (-1) when either side lacks the
 * field, which carries no evidence either way.
 */
export const COMPARISONS = [
  { field: 'given_name', levels: ['exact', 'nickname', 'typo', 'middle_as_given', 'similar', 'initial', 'different'] },
  { field: 'surname', levels: ['exact', 'compound_part', 'typo', 'similar', 'different'] },
  { field: 'middle_name', levels: ['exact', 'initial', 'similar', 'different'] },
  { field: 'birth_date', levels: ['exact', 'day_month_swapped', 'one_digit', 'within_month', 'same_year', 'different'] },
  { field: 'sex', levels: ['same', 'different'] },
  { field: 'residence', levels: ['same_address', 'similar_address', 'same_postcode', 'different'] },
  { field: 'ssn', levels: ['same', 'one_digit', 'different'] },
  { field: 'local_id', levels: ['same', 'different'] },
  // Which alignment the name levels were taken in. Only m is estimated for it: the names' own
  // levels already carry the evidence against chance agreement (see docs/identity-model.md).
  { field: 'name_order', levels: ['as_given', 'swapped'] },
] as const;

export type ComparisonField = (typeof COMPARISONS)[number]['field'];
export const COMPARISON_COUNT = COMPARISONS.length;
export const MISSING = -1;

export const GIVEN = 0;
export const SURNAME = 1;
export const MIDDLE = 2;
export const BIRTH_DATE = 3;
export const SEX = 4;
export const RESIDENCE = 5;
export const SSN = 6;
export const LOCAL_ID = 7;
export const NAME_ORDER = 8;

export const GivenLevel = { exact: 0, nickname: 1, typo: 2, middleAsGiven: 3, similar: 4, initial: 5, different: 6 } as const;
export const SurnameLevel = { exact: 0, compoundPart: 1, typo: 2, similar: 3, different: 4 } as const;
export const MiddleLevel = { exact: 0, initial: 1, similar: 2, different: 3 } as const;
export const DateLevel = { exact: 0, dayMonthSwapped: 1, oneDigit: 2, withinMonth: 3, sameYear: 4, different: 5 } as const;
export const ResidenceLevel = { sameAddress: 0, similarAddress: 1, samePostcode: 2, different: 3 } as const;
export const AgreementLevel = { same: 0, different: 1 } as const;
export const SsnLevel = { same: 0, oneDigit: 1, different: 2 } as const;
export const NameOrderLevel = { asGiven: 0, swapped: 1 } as const;

const TYPO_SIMILARITY = 0.92;
const SIMILAR_SIMILARITY = 0.8;
const SIMILAR_MIDDLE_SIMILARITY = 0.88;

/** A direct-mapped memo of the levels of pairs of table ids: the same common names (and addresses) meet again and again. */
class PairLevelCache {
  // One slot per 16 bytes, [first id, second id, level, unused], so a lookup touches one cache
  // line: the memo is far larger than the processor's caches.
  private readonly slots: Int32Array;

  constructor(
    private readonly compute: (a: number, b: number) => number,
    sizeBits = 17,
  ) {
    this.slots = new Int32Array(SLOT_SIZE << sizeBits).fill(-1);
  }

  /** The level of two present names (the order does not matter). */
  level(x: number, y: number): number {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const slots = this.slots;
    const at = (pairHash(a, b) & ((slots.length >> SLOT_BITS) - 1)) << SLOT_BITS;
    if (slots[at] === a && slots[at + 1] === b) return slots[at + 2];
    const level = this.compute(a, b);
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = level;
    return level;
  }
}

const SLOT_BITS = 2;
const SLOT_SIZE = 1 << SLOT_BITS;

/** Computes comparison vectors of stored records. */
export class RecordComparator {
  private readonly givenNames: PairLevelCache;
  private readonly surnames: PairLevelCache;
  private readonly middleNames: PairLevelCache;
  private readonly addresses: PairLevelCache;
  private readonly postcodes: PairLevelCache;

  constructor(private readonly store: RecordStore) {
    this.givenNames = new PairLevelCache((a, b) => givenNameLevel(store.names, a, b));
    this.surnames = new PairLevelCache((a, b) => surnameLevel(store.names, a, b));
    this.middleNames = new PairLevelCache((a, b) => middleNameLevel(store.names, a, b));
    const addressForms = new AddressForms(store.addresses);
    this.addresses = new PairLevelCache((a, b) => Number(addressForms.similar(a, b)), 15);
    this.postcodes = new PairLevelCache((a, b) => postcodeAgreement(store.postcodes.text(a), store.postcodes.text(b)), 14);
  }

  /** Fills `levels` with the comparison vector of records a and b. */
  compare(a: number, b: number, levels: Int8Array): void {
    const store = this.store;
    const givenA = store.givenName(a);
    const givenB = store.givenName(b);
    const surnameA = store.surname(a);
    const surnameB = store.surname(b);
    let given = this.givenLevel(givenA, givenB, store.middleName(a), store.middleName(b));
    let surname = this.surnameLevel(surnameA, surnameB);
    let order: number = NameOrderLevel.asGiven;
    // Given name and surname entered in each other's place: take the names crosswise when that
    // alignment agrees well on both and the direct one does not.
    if (given >= GivenLevel.similar && surname >= SurnameLevel.similar) {
      const crossGiven = this.givenLevel(givenA, surnameB, MISSING_NAME, MISSING_NAME);
      const crossSurname = crossGiven !== MISSING && crossGiven <= GivenLevel.typo ? this.surnameLevel(surnameA, givenB) : MISSING;
      if (crossSurname !== MISSING && crossSurname <= SurnameLevel.typo) {
        given = crossGiven;
        surname = crossSurname;
        order = NameOrderLevel.swapped;
      }
    }
    levels[GIVEN] = given;
    levels[SURNAME] = surname;
    levels[NAME_ORDER] = order;
    const middleA = store.middleName(a);
    const middleB = store.middleName(b);
    levels[MIDDLE] = middleA === MISSING_NAME || middleB === MISSING_NAME ? MISSING : this.middleNames.level(middleA, middleB);
    levels[BIRTH_DATE] = dateLevel(store.birthDate(a), store.birthDate(b));
    levels[SEX] = store.sex(a) === SEX_UNKNOWN || store.sex(b) === SEX_UNKNOWN ? MISSING : store.sex(a) === store.sex(b) ? AgreementLevel.same : AgreementLevel.different;
    levels[RESIDENCE] = this.residenceLevel(a, b);
    levels[SSN] = ssnLevel(store.ssn(a), store.ssn(b));
    levels[LOCAL_ID] =
      store.localId(a) === 0 || store.localId(b) === 0 || store.source(a) !== store.source(b)
        ? MISSING
        : store.localId(a) === store.localId(b)
          ? AgreementLevel.same
          : AgreementLevel.different;
  }

  // Address lines rarely carry the postcode, so "12 Oak St" only counts as the same address when
  // the postcodes do not contradict it (a postcode one typing error away does not).
  private residenceLevel(a: number, b: number): number {
    const store = this.store;
    const addressA = store.address(a);
    const addressB = store.address(b);
    const postcodeA = store.postcode(a);
    const postcodeB = store.postcode(b);
    const postcodesKnown = postcodeA !== MISSING_TEXT && postcodeB !== MISSING_TEXT;
    const addressesKnown = addressA !== MISSING_TEXT && addressB !== MISSING_TEXT;
    if (addressesKnown && (!postcodesKnown || this.postcodes.level(postcodeA, postcodeB) !== PostcodeAgreement.different)) {
      if (addressA === addressB) return ResidenceLevel.sameAddress;
      if (this.addresses.level(addressA, addressB) === 1) return ResidenceLevel.similarAddress;
    }
    if (postcodesKnown && postcodeA === postcodeB) return ResidenceLevel.samePostcode;
    if (addressesKnown || postcodesKnown) return ResidenceLevel.different;
    return MISSING;
  }

  // The name level, then "goes by the middle name" when the names themselves are not variants.
  private givenLevel(a: number, b: number, middleA: number, middleB: number): number {
    if (a === MISSING_NAME || b === MISSING_NAME) return MISSING;
    const level = this.givenNames.level(a, b);
    if (level <= GivenLevel.typo) return level;
    if (this.isSameName(middleB, a) || this.isSameName(middleA, b)) return GivenLevel.middleAsGiven;
    return level;
  }

  private surnameLevel(a: number, b: number): number {
    return a === MISSING_NAME || b === MISSING_NAME ? MISSING : this.surnames.level(a, b);
  }

  private isSameName(middle: number, given: number): boolean {
    return middle !== MISSING_NAME && this.givenNames.level(middle, given) <= GivenLevel.nickname;
  }
}

function givenNameLevel(names: NameTable, a: number, b: number): number {
  const joinedA = names.joined(a);
  const joinedB = names.joined(b);
  if (joinedA === joinedB) return GivenLevel.exact;
  if (names.areNicknameVariants(a, b)) return GivenLevel.nickname;
  const textA = names.text(joinedA);
  const textB = names.text(joinedB);
  const similarity = jaroWinklerAtLeast(textA, textB, SIMILAR_SIMILARITY);
  if (isTypingVariant(textA, textB, similarity)) return GivenLevel.typo;
  if (isSimilar(names, joinedA, joinedB, similarity)) return GivenLevel.similar;
  if ((textA.length === 1 || textB.length === 1) && textA.charCodeAt(0) === textB.charCodeAt(0)) return GivenLevel.initial;
  return GivenLevel.different;
}

function surnameLevel(names: NameTable, a: number, b: number): number {
  const joinedA = names.joined(a);
  const joinedB = names.joined(b);
  if (joinedA === joinedB) return SurnameLevel.exact;
  if (shareCompoundPart(names, a, b)) return SurnameLevel.compoundPart;
  const textA = names.text(joinedA);
  const textB = names.text(joinedB);
  const similarity = jaroWinklerAtLeast(textA, textB, SIMILAR_SIMILARITY);
  if (isTypingVariant(textA, textB, similarity)) return SurnameLevel.typo;
  if (isSimilar(names, joinedA, joinedB, similarity)) return SurnameLevel.similar;
  return SurnameLevel.different;
}

function middleNameLevel(names: NameTable, a: number, b: number): number {
  const textA = names.text(names.joined(a));
  const textB = names.text(names.joined(b));
  if (textA === textB) return MiddleLevel.exact;
  if ((textA.length === 1 || textB.length === 1) && textA.charCodeAt(0) === textB.charCodeAt(0)) return MiddleLevel.initial;
  if (jaroWinklerAtLeast(textA, textB, SIMILAR_MIDDLE_SIMILARITY) >= SIMILAR_MIDDLE_SIMILARITY || names.areNicknameVariants(a, b)) return MiddleLevel.similar;
  return MiddleLevel.different;
}

// Jaro-Winkler alone misses one wrong letter in a short name ("jacob"/"jawob" ≈ 0.89); one edit
// counts from four letters up, below which it too often makes another name (jon/jan). A letter
// scanned as two ("rn" for "m") is one error too.
function isTypingVariant(a: string, b: string, similarity: number): boolean {
  return similarity >= TYPO_SIMILARITY || isAdjacentTransposition(a, b) || (Math.min(a.length, b.length) >= 4 && (isOneEditApart(a, b) || isOcrSplitApart(a, b)));
}

function isSimilar(names: NameTable, joinedA: number, joinedB: number, similarity: number): boolean {
  return similarity >= SIMILAR_SIMILARITY || isOneEditApart(names.text(joinedA), names.text(joinedB)) || names.phonetic(joinedA) === names.phonetic(joinedB);
}

// "Garcia-Lopez" against "Garcia" or "Lopez Garcia": one distinctive part in common.
function shareCompoundPart(names: NameTable, a: number, b: number): boolean {
  const partsA = names.parts(a);
  const partsB = names.parts(b);
  if (partsA === undefined && partsB === undefined) return false;
  const joinedA = names.joined(a);
  const joinedB = names.joined(b);
  if (partsA !== undefined && partsA.includes(joinedB)) return true;
  if (partsB !== undefined && partsB.includes(joinedA)) return true;
  return partsA !== undefined && partsB !== undefined && partsA.some((part) => partsB.includes(part));
}

// A mistyped identification code is common (one digit wrong, two neighbours exchanged); codes
// further apart are strong evidence of two people.
function ssnLevel(a: number, b: number): number {
  if (a === 0 || b === 0) return MISSING;
  if (a === b) return SsnLevel.same;
  return isOneDigitTypo(a, b, IDENTIFIER_MAX_DIGITS) ? SsnLevel.oneDigit : SsnLevel.different;
}

const IDENTIFIER_MAX_DIGITS = 15;

export function dateLevel(a: number, b: number): number {
  if (a === MISSING_DATE || b === MISSING_DATE) return MISSING;
  if (a === b) return DateLevel.exact;
  if (isDayMonthSwap(a, b)) return DateLevel.dayMonthSwapped;
  if (isOneDigitApart(a, b)) return DateLevel.oneDigit;
  if (daysApart(a, b) <= 31) return DateLevel.withinMonth;
  if (yearOf(a) === yearOf(b)) return DateLevel.sameYear;
  return DateLevel.different;
}

const PostcodeAgreement = { same: 0, oneTypo: 1, different: 2 } as const;

function postcodeAgreement(a: string, b: string): number {
  if (a === b) return PostcodeAgreement.same;
  return isOneEditApart(a, b) || isAdjacentTransposition(a, b) ? PostcodeAgreement.oneTypo : PostcodeAgreement.different;
}

/**
 * Similar addresses: one typing error apart, wherever it fell ("240 brook ct" and "204 brook
 * ct"); the same words in another order (a unit or building line and the street swapped between
 * systems' address fields: "12 oak st flat 3" and "flat 3 12 oak st"); or the same house and unit
 * numbers on a street spelt one typing error (or a phonetic or OCR confusion) apart: "12 harbour
 * blvd" and "12 harbor blvd". How often neighbours' addresses look like that is in u. The forms
 * compared are derived once per distinct address: regular expressions and sorting at each of an
 * address's many comparisons cost more than the rest of the comparison vector.
 */
class AddressForms {
  // Per address id: fingerprints of the words in sorted order and of the numbers, and the length
  // without spaces plus one (0: not derived yet). Fingerprints and a length are enough to rule
  // out nearly every pair; the strings themselves are derived again only for the few left.
  private sortedWords = new Int32Array(1024);
  private numbers = new Int32Array(1024);
  private compactLength = new Int32Array(1024);

  constructor(private readonly addresses: TextTable) {}

  /** Whether two present addresses (ids) are similar. */
  similar(a: number, b: number): boolean {
    this.derive(a);
    this.derive(b);
    const textA = this.addresses.text(a);
    const textB = this.addresses.text(b);
    const lengthDifference = this.compactLength[a] - this.compactLength[b];
    if (lengthDifference <= 1 && lengthDifference >= -1) {
      const compactA = textA.replace(SPACES, '');
      const compactB = textB.replace(SPACES, '');
      if (isOneEditApart(compactA, compactB) || isAdjacentTransposition(compactA, compactB)) return true;
    }
    if (this.sortedWords[a] === this.sortedWords[b] && sortedWords(textA) === sortedWords(textB)) return true;
    if (this.numbers[a] !== this.numbers[b] || numbers(textA) !== numbers(textB)) return false;
    return lettersAreOneSlipApart(textA.replace(DIGITS_AND_SPACES, ''), textB.replace(DIGITS_AND_SPACES, ''));
  }

  private derive(id: number): void {
    if (id >= this.compactLength.length) {
      const capacity = grownCapacity(id + 1);
      this.sortedWords = copyInto(new Int32Array(capacity), this.sortedWords);
      this.numbers = copyInto(new Int32Array(capacity), this.numbers);
      this.compactLength = copyInto(new Int32Array(capacity), this.compactLength);
    }
    if (this.compactLength[id] !== 0) return;
    const text = this.addresses.text(id);
    this.sortedWords[id] = hashString(sortedWords(text));
    this.numbers[id] = hashString(numbers(text));
    this.compactLength[id] = text.replace(SPACES, '').length + 1;
  }
}

const sortedWords = (address: string): string => address.split(' ').sort().join(' ');
const numbers = (address: string): string => address.replace(NOT_DIGITS, ' ').trim();

function lettersAreOneSlipApart(lettersA: string, lettersB: string): boolean {
  return lettersA === lettersB || isOneEditApart(lettersA, lettersB) || jaroWinklerAtLeast(lettersA, lettersB, TYPO_SIMILARITY) >= TYPO_SIMILARITY;
}

const DIGITS_AND_SPACES = /[\d\s]+/g;
const SPACES = /\s+/g;
const NOT_DIGITS = /\D+/g;
