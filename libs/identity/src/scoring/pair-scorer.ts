import type { RecordStore } from '../index-store/record-store';
import type { IdentityModel, TermFrequencyTable } from '../model/identity-model';
import {
  AgreementLevel,
  BIRTH_DATE,
  COMPARISON_COUNT,
  COMPARISONS,
  type ComparisonField,
  DateLevel,
  GIVEN,
  GivenLevel,
  LOCAL_ID,
  MIDDLE,
  MiddleLevel,
  MISSING,
  NAME_ORDER,
  NameOrderLevel,
  RecordComparator,
  RESIDENCE,
  ResidenceLevel,
  SEX,
  SSN,
  SsnLevel,
  SURNAME,
  SurnameLevel,
} from './comparisons';

/** One line of a decision's audit trail: how a field compared and what that weighed (bits). */
export interface FieldEvidence {
  readonly field: ComparisonField | 'prior' | 'twin_rule' | 'family_rule';
  readonly level: string;
  readonly weight: number;
}

/** A trusted identifier that links on its own when name and birth date are compatible. */
export type IdentifierRule = 'ssn' | 'local_id';

/** Match weight (bits, prior included) → probability that the two records are one person. */
export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/**
 * Fellegi–Sunter scoring of two stored records under one model: the sum of log2(m/u) over the
 * comparison levels reached, plus the prior, with term-frequency weights for exact name matches
 * and the twin rule.
 */
export class PairScorer {
  /** Comparison vector of the last pair scored. */
  readonly levels = new Int8Array(COMPARISON_COUNT);
  private readonly comparator: RecordComparator;
  private readonly levelWeights: Float64Array[];
  /** Weights when the residence agrees: log2(m / uSameAddress), or the usual ones where the model has none. */
  private readonly sameAddressWeights: Float64Array[];
  private readonly hasSameAddressWeights: boolean;
  /** Whether the last pair scored was at one address (and the model has weights for that). */
  private atOneAddress = false;
  private priorWeight: number;
  private readonly exactGivenM: number;
  private readonly exactSurnameM: number;
  private givenWeights = new Float64Array(0);
  private surnameWeights = new Float64Array(0);

  constructor(
    private readonly model: IdentityModel,
    private readonly store: RecordStore,
  ) {
    this.comparator = new RecordComparator(store);
    this.levelWeights = model.comparisons.map((comparison) => Float64Array.from(comparison.levels, ({ m, u }) => Math.log2(m / u)));
    this.sameAddressWeights = model.comparisons.map((comparison) => Float64Array.from(comparison.levels, ({ m, u, uSameAddress }) => Math.log2(m / (uSameAddress ?? u))));
    this.hasSameAddressWeights = model.comparisons.some((comparison) => comparison.levels.some((level) => level.uSameAddress !== undefined));
    this.priorWeight = priorWeightFor(model, model.training.records);
    this.exactGivenM = model.comparisons[GIVEN].levels[GivenLevel.exact].m;
    this.exactSurnameM = model.comparisons[SURNAME].levels[SurnameLevel.exact].m;
  }

  /**
   * Rescales the prior to the number of records the ID space holds. λ is the chance that two
   * records drawn at random are one person; among R records each has about λ·(n−1) matches
   * (n: training records), so the chance per pair falls as 1/R: the same evidence that links
   * in a county must not link in a state.
   */
  setPopulationRecords(records: number): void {
    this.priorWeight = priorWeightFor(this.model, records);
  }

  /** Match weight of records a and b; their comparison vector is left in `levels`. */
  score(a: number, b: number): number {
    const levels = this.levels;
    this.comparator.compare(a, b, levels);
    this.atOneAddress = this.hasSameAddressWeights && atOneAddress(levels);
    let total = this.priorWeight;
    for (let comparison = 0; comparison < COMPARISON_COUNT; comparison++) {
      const level = levels[comparison];
      if (level !== MISSING) total += this.levelWeight(comparison, level, a);
    }
    if (isTwinPattern(levels)) total += this.model.twinWeight;
    else if (this.isSiblingPair(levels, a)) total -= this.familyWeight(a);
    return total;
  }

  /** The field-by-field account of score(a, b), for decisions and audit entries. */
  evidence(a: number, b: number): FieldEvidence[] {
    this.score(a, b);
    const evidence: FieldEvidence[] = [{ field: 'prior', level: 'prior', weight: round(this.priorWeight) }];
    COMPARISONS.forEach(({ field, levels: labels }, comparison) => {
      const level = this.levels[comparison];
      evidence.push(level === MISSING ? { field, level: 'missing', weight: 0 } : { field, level: labels[level], weight: round(this.levelWeight(comparison, level, a)) });
    });
    if (isTwinPattern(this.levels)) evidence.push({ field: 'twin_rule', level: 'same_household_different_given_name', weight: round(this.model.twinWeight) });
    else if (this.isSiblingPair(this.levels, a)) evidence.push({ field: 'family_rule', level: 'same_family_different_person', weight: round(-this.familyWeight(a)) });
    return evidence;
  }

  /**
   * Siblings: same surname and address, and either the personal fields together weigh against one
   * person (`personalWeight` < 0: Savannah and Samantha, middle names different, birth dates a digit
   * apart; Diana and Daryna, names only similar, sex different) or something personal contradicts
   * (given names that are different names, birth dates a year or more apart, different middle
   * names) while nothing personal agrees (given name up to a typing error, birth date up to one, a
   * trusted identifier). Fellegi–Sunter takes fields as
   * independent, but a family shares its surname and address, so between two of its members their
   * agreement is no evidence at all: the family rule takes their weight back out, and the pair is
   * judged on the fields that tell people apart.
   * The personal fields' weight is summed only for pairs of one household.
   */
  private isSiblingPair(levels: Int8Array, a: number): boolean {
    return sharesHousehold(levels) && personalFieldsTellApart(levels, this.personalWeight(a));
  }

  // What the fields that tell members of a family apart weighed in the last pair scored.
  private personalWeight(a: number): number {
    let total = 0;
    for (const comparison of PERSONAL_COMPARISONS) {
      const level = this.levels[comparison];
      if (level !== MISSING) total += this.levelWeight(comparison, level, a);
    }
    return total;
  }

  // What the fields a family shares weighed in the last pair scored.
  private familyWeight(a: number): number {
    return this.levelWeight(SURNAME, this.levels[SURNAME], a) + this.levelWeight(RESIDENCE, this.levels[RESIDENCE], a);
  }

  // Between records at one address, other people are household members, who compare unlike
  // strangers (the same surname, rarely the same given name or birth date): the model's
  // uSameAddress weighs them, and a name's frequency in the population no longer matters.
  private levelWeight(comparison: number, level: number, a: number): number {
    if (this.atOneAddress && comparison !== RESIDENCE) return this.sameAddressWeights[comparison][level];
    if (level === 0 && comparison === GIVEN) return this.termWeight(this.store.givenName(a), 'given_name');
    if (level === 0 && comparison === SURNAME) return this.termWeight(this.store.surname(a), 'surname');
    return this.levelWeights[comparison][level];
  }

  // log2(m_exact / frequency of this value): memoised per name, as names repeat constantly.
  private termWeight(name: number, field: 'given_name' | 'surname'): number {
    const joined = this.store.names.joined(name);
    let cache = field === 'given_name' ? this.givenWeights : this.surnameWeights;
    if (joined >= cache.length) {
      const grown = new Float64Array(Math.max(1024, this.store.names.size * 2)).fill(Number.NaN);
      grown.set(cache);
      cache = grown;
      if (field === 'given_name') this.givenWeights = grown;
      else this.surnameWeights = grown;
    }
    let weight = cache[joined];
    if (Number.isNaN(weight)) {
      const frequency = termFrequency(this.model.termFrequencies[field], this.store.names.text(joined));
      weight = Math.log2((field === 'given_name' ? this.exactGivenM : this.exactSurnameM) / frequency);
      cache[joined] = weight;
    }
    return weight;
  }
}

function priorWeightFor(model: IdentityModel, records: number): number {
  const trained = model.training.records;
  const prior = (model.prior * (trained - 1)) / (Math.max(trained, records) - 1);
  return Math.log2(prior / (1 - prior));
}

function termFrequency(table: TermFrequencyTable, value: string): number {
  return table.values[value] ?? table.unseen;
}

/**
 * Same surname, birth date and address with given names that are not the same name (a twin's
 * given name may even be the other's middle name): likely twins.
 */
export function isTwinPattern(levels: Int8Array): boolean {
  return (
    levels[NAME_ORDER] === NameOrderLevel.asGiven &&
    levels[BIRTH_DATE] === DateLevel.exact &&
    levels[RESIDENCE] === ResidenceLevel.sameAddress &&
    (levels[SURNAME] === SurnameLevel.exact || levels[SURNAME] === SurnameLevel.compoundPart) &&
    levels[GIVEN] >= GivenLevel.middleAsGiven
  );
}

/** The fields that tell members of one family apart (surname and residence they share). */
const PERSONAL_COMPARISONS = [GIVEN, MIDDLE, BIRTH_DATE, SEX, SSN, LOCAL_ID] as const;

/** Same surname (up to a typing error) and address, names in their own places: two records of one household. */
function sharesHousehold(levels: Int8Array): boolean {
  const surname = levels[SURNAME];
  return levels[NAME_ORDER] === NameOrderLevel.asGiven && surname !== MISSING && surname <= SurnameLevel.typo && atOneAddress(levels);
}

function atOneAddress(levels: Int8Array): boolean {
  return levels[RESIDENCE] === ResidenceLevel.sameAddress || levels[RESIDENCE] === ResidenceLevel.similarAddress;
}

function personalFieldsTellApart(levels: Int8Array, personalWeight: number): boolean {
  return personalWeight < 0 || ((personalFieldContradicts(levels) || levels[MIDDLE] === MiddleLevel.different) && !personalFieldAgrees(levels));
}

/**
 * Whether a pair may link automatically: its given names do not disagree nor are only an
 * initial (unless an identifier agrees), and some field that
 * tells members of one family apart agrees (given name up to a typing error, birth date up to
 * one, a trusted identifier; or a given name only similar when the birth date does not
 * contradict it). Surname and residence are shared by siblings, so however much they weigh
 * together they never link a record whose given name and birth date are missing or wrong.
 */
export function mayLink(levels: Int8Array): boolean {
  if (givenNamesDisagree(levels)) return false;
  // An initial does not tell twins apart (they share surname, birth date and address), so with
  // one only an identifier links; a Handle with Care notice must never reach the wrong twin.
  if (levels[GIVEN] === GivenLevel.initial) return levels[SSN] === SsnLevel.same || levels[LOCAL_ID] === AgreementLevel.same;
  return personalFieldAgrees(levels) || (levels[GIVEN] === GivenLevel.similar && !personalFieldContradicts(levels));
}

function personalFieldAgrees(levels: Int8Array): boolean {
  const given = levels[GIVEN];
  const date = levels[BIRTH_DATE];
  return (given !== MISSING && given <= GivenLevel.typo) || (date !== MISSING && date <= DateLevel.oneDigit) || levels[SSN] === SsnLevel.same || levels[LOCAL_ID] === AgreementLevel.same;
}

function personalFieldContradicts(levels: Int8Array): boolean {
  return givenNamesDisagree(levels) || levels[BIRTH_DATE] >= DateLevel.sameYear;
}

/** The same given name, or one typing error from it; never a nickname (twins may share one, Ellie). */
export function sharesGivenName(levels: Int8Array): boolean {
  const given = levels[GIVEN];
  return given === GivenLevel.exact || given === GivenLevel.typo;
}

/**
 * Given names that are different names: never linked automatically, whatever the other fields
 * say. "Goes by the middle name" is included: twins are often given each other's name as a
 * middle name. Names only similar (a heavier misspelling) or an initial do not disagree: they
 * are weighed by their level, and the twin and family rules guard the household.
 */
export function givenNamesDisagree(levels: Int8Array): boolean {
  return levels[GIVEN] === GivenLevel.different || levels[GIVEN] === GivenLevel.middleAsGiven;
}

/**
 * A shared SSN or same-source local id links on its own when the birth date agrees up to one
 * typing error and the given name (or, without one, the surname) is compatible.
 */
export function identifierRule(levels: Int8Array): IdentifierRule | undefined {
  const identifier = levels[SSN] === SsnLevel.same ? 'ssn' : levels[LOCAL_ID] === AgreementLevel.same ? 'local_id' : undefined;
  if (identifier === undefined) return undefined;
  const date = levels[BIRTH_DATE];
  if (date === MISSING || date > DateLevel.oneDigit) return undefined;
  const given = levels[GIVEN];
  if (given === MISSING) {
    const surname = levels[SURNAME];
    return surname !== MISSING && surname <= SurnameLevel.typo ? identifier : undefined;
  }
  // Another given name beside the same identifier and birth date is the same child under a
  // preferred or changed name, or a slip in one record, unless the two look like twins (same
  // surname, birth date and address), who may have been filed under one number by mistake.
  return given <= GivenLevel.initial || !isTwinPattern(levels) ? identifier : undefined;
}

const round = (weight: number): number => Math.round(weight * 1000) / 1000;
