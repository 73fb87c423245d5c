import { jaroWinkler } from '../comparison/jaro-winkler';
import { areNicknameVariants, nicknamesOf } from '../normalisation/nicknames';
import { type DateKey, dateKey, monthOf, yearOf } from '../normalisation/dates';
import { normaliseName } from '../normalisation/names';
import nameData from './name-frequencies.json';
import { Random } from '../model/seeded-random';
import { ZipfSampler } from './zipf-sampler';

/** One true person of the synthetic population: the ground truth every record is drawn from. */
export interface SyntheticPerson {
  readonly id: number;
  readonly household: number;
  readonly sex: 'F' | 'M';
  readonly givenName: string;
  readonly middleName?: string;
  readonly surname: string;
  /** Surname after marriage or adoption, used by later records. */
  readonly laterSurname?: string;
  /** Generation suffix (Jr, III) that some sources write after the surname. */
  readonly suffix?: string;
  readonly birthDate: DateKey;
  readonly address: string;
  readonly postcode: string;
  /** Address after a move, used by later records. */
  readonly laterAddress?: string;
  readonly laterPostcode?: string;
  readonly ssn?: string;
  /** Id of the twin, who shares surname, birth date and address. */
  readonly twin?: number;
}

export interface PopulationOptions {
  readonly people: number;
  readonly seed: number;
  /** Year the population is observed in; people are 4 to 24 years old then. */
  readonly referenceYear?: number;
  /** Share of births that are twins. */
  readonly twinBirths?: number;
}

// Shares of the default population (documented in docs/identity-model.md).
const RARE_SURNAME_SHARE = 0.4;
const RARE_GIVEN_NAME_SHARE = 0.12;
const COMPOUND_SURNAME_SHARE = 0.04;
const BLENDED_FAMILY_SHARE = 0.12;
const MIDDLE_NAME_SHARE = 0.75;
const SSN_SHARE = 0.6;
const MARRIED_ADULT_SHARE = 0.05;
const ADOPTED_CHILD_SHARE = 0.01;
const MOVED_SHARE = 0.25;
const SUFFIX_SHARE = 0.03;
const CHILDREN_PER_HOUSEHOLD = [0.4, 0.35, 0.17, 0.08];

const surnames = new ZipfSampler(nameData.surnames, 0.9, 8);
const femaleNames = new ZipfSampler(nameData.femaleGivenNames, 0.9, 4);
const maleNames = new ZipfSampler(nameData.maleGivenNames, 0.9, 4);

// A generated long tail, so most surnames are rare as in a real state (a few hundred common
// names cover only about half of the people).
const SURNAME_STARTS =
  'bar kel mor dan vel sto tra wil har ken lor mar bre cal dor fen gar hol jen kra lin mel nor pel quin ros sal tor ul var zel ash bro cro dra fra gre pri shu tho wro ya zo ko ha ri be'.split(
    ' ',
  );
const SURNAME_MIDDLES = ['', 'a', 'e', 'i', 'o', 'u', 'an', 'en', 'in', 'on', 'ar', 'er', 'or', 'el', 'il', 'ow'];
const SURNAME_ENDS = 'son sen ski sky stein berg man ton ley well wood ford field by ez es ini elli ov ova enko ak ek ic ich idis opoulos yan ian ner ker ler dt ke er o a ura ata'.split(
  ' ',
);
const GIVEN_STARTS = 'ja ka ma la bri ky ry ta na da za ai ari el ro ni se jo ha le tre dar kam'.split(' ');
const GIVEN_MIDDLES = ['', 'y', 'n', 'l', 'r', 's', 'v'];
const GIVEN_ENDS = 'den lyn leigh son ra na el iah ton ley ice ette en an o a ie us ias ell'.split(' ');

function rareSurname(random: Random): string {
  return capitalise(random.pick(SURNAME_STARTS) + random.pick(SURNAME_MIDDLES) + random.pick(SURNAME_ENDS));
}

function surnameOf(random: Random): string {
  return random.chance(RARE_SURNAME_SHARE) ? rareSurname(random) : surnames.sample(random);
}

function givenNameOf(random: Random, sex: 'F' | 'M'): string {
  if (random.chance(RARE_GIVEN_NAME_SHARE)) return capitalise(random.pick(GIVEN_STARTS) + random.pick(GIVEN_MIDDLES) + random.pick(GIVEN_ENDS));
  return (sex === 'F' ? femaleNames : maleNames).sample(random);
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Households of 1–4 children sharing a surname (mostly) and an address, born at least a year
 * apart except twins; some surnames compound; some people later marry, are adopted or move.
 */
export function generatePopulation(options: PopulationOptions): SyntheticPerson[] {
  const random = new Random(options.seed, 0x9e0);
  const referenceYear = options.referenceYear ?? 2026;
  const twinBirths = options.twinBirths ?? 0.015;
  const postcodes = Array.from({ length: Math.max(20, Math.round(options.people / 300)) }, (_, index) => String(80_000 + index * 7));
  const postcodeSampler = new ZipfSampler(postcodes, 0.5, 10);
  const people: SyntheticPerson[] = [];
  let usedSsn = 0;
  const nextSsn = (): string => {
    usedSsn += random.integer(1, 2_000);
    return String(100_000_000 + usedSsn).padStart(9, '0');
  };
  const newAddress = (): { address: string; postcode: string } => ({
    address: `${random.integer(1, 9_999)} ${random.pick(nameData.streets)} ${random.pick(nameData.streetTypes)}${random.chance(0.2) ? ` Apt ${random.integer(1, 40)}` : ''}`,
    postcode: postcodeSampler.sample(random),
  });

  for (let household = 0; people.length < options.people; household++) {
    const familySurname = random.chance(COMPOUND_SURNAME_SHARE) ? `${surnameOf(random)}-${surnameOf(random)}` : surnameOf(random);
    const home = newAddress();
    const children = childrenCount(random);
    let birthDate: DateKey | undefined = randomDate(random, referenceYear - 24, referenceYear - 4);
    const siblingNames: string[] = [];
    for (let child = 0; child < children && birthDate !== undefined && people.length < options.people; child++) {
      const twins = random.chance(twinBirths) && people.length + 1 < options.people;
      const ids = twins ? [people.length, people.length + 1] : [people.length];
      const surname = random.chance(BLENDED_FAMILY_SHARE) ? surnameOf(random) : familySurname;
      for (const id of ids) {
        const sex = random.chance(0.5) ? 'F' : 'M';
        const givenName = distinctGivenName(random, sex, siblingNames);
        siblingNames.push(givenName);
        const adult = yearOf(birthDate) <= referenceYear - 18;
        const moved = random.chance(MOVED_SHARE) ? newAddress() : undefined;
        const changesSurname = random.chance(adult ? MARRIED_ADULT_SHARE : ADOPTED_CHILD_SHARE);
        people.push({
          id,
          household,
          sex,
          givenName,
          surname,
          birthDate,
          address: home.address,
          postcode: home.postcode,
          ...(random.chance(MIDDLE_NAME_SHARE) ? { middleName: givenNameOf(random, sex) } : {}),
          ...(changesSurname ? { laterSurname: adult && random.chance(0.3) ? `${surname}-${surnameOf(random)}` : surnameOf(random) } : {}),
          ...(sex === 'M' && random.chance(SUFFIX_SHARE) ? { suffix: random.pick(['Jr', 'II', 'III']) } : {}),
          ...(moved ? { laterAddress: moved.address, laterPostcode: random.chance(0.6) ? moved.postcode : home.postcode } : {}),
          ...(random.chance(SSN_SHARE) ? { ssn: nextSsn() } : {}),
          ...(twins ? { twin: id === ids[0] ? ids[1] : ids[0] } : {}),
        });
      }
      birthDate = laterSiblingBirthDate(random, birthDate, referenceYear);
    }
  }
  return people;
}

function childrenCount(random: Random): number {
  let draw = random.next();
  for (let count = 1; count <= CHILDREN_PER_HOUSEHOLD.length; count++) {
    draw -= CHILDREN_PER_HOUSEHOLD[count - 1];
    if (draw < 0) return count;
  }
  return CHILDREN_PER_HOUSEHOLD.length;
}

// Siblings (twins above all) get names a family would tell apart: not equal, not nicknames of
// each other or sharing one (Eleanor and Elizabeth are both Ellie), not near-spellings.
function distinctGivenName(random: Random, sex: 'F' | 'M', siblings: readonly string[]): string {
  for (;;) {
    const name = givenNameOf(random, sex);
    const key = normaliseName(name).text;
    const clashes = siblings.some((sibling) => {
      const other = normaliseName(sibling).text;
      const sharedNickname = nicknamesOf(key).some((nickname) => nicknamesOf(other).includes(nickname));
      return areNicknameVariants(key, other) || sharedNickname || jaroWinkler(key, other) >= 0.85;
    });
    if (!clashes) return name;
  }
}

function randomDate(random: Random, fromYear: number, toYear: number): DateKey {
  for (;;) {
    const date = dateKey(random.integer(fromYear, toYear), random.integer(1, 12), random.integer(1, 31));
    if (date !== undefined) return date;
  }
}

// Undefined when the next sibling would be younger than the population's youngest age.
function laterSiblingBirthDate(random: Random, previous: DateKey, referenceYear: number): DateKey | undefined {
  const month = monthOf(previous) - 1 + random.integer(12, 60);
  const year = yearOf(previous) + Math.floor(month / 12);
  return year > referenceYear - 4 ? undefined : dateKey(year, (month % 12) + 1, random.integer(1, 28));
}
