import { i18n, useLanguage } from '../../i18n/i18n';
import { LOCALES } from '../../i18n/messages';

/** A steward's decision, said on the queue page after it returns there. */
export interface Decided {
  status: 'accepted' | 'rejected';
  sourceSystem: string;
  localId: string;
  /** The SID the record has now. */
  sid: string;
}

/** A person record's identity fields as its source sent them (libs/identity's PersonRecord). */
export type PersonFields = Record<string, unknown>;

const textOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Given and surname as the record gives them; undefined when it names neither. */
export function personName(person: PersonFields): string | undefined {
  const name = [textOf(person.first_name), textOf(person.last_name)].filter(Boolean).join(' ');
  return name === '' ? undefined : name;
}

/**
 * The identity fields compared side by side, in the order a steward reads them. Not the local
 * id: each source numbers its own children (the captions name both records' ids).
 */
export const COMPARED_FIELDS = ['first_name', 'middle_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode', 'ssn'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/**
 * A field's value as the page shows it: an identification code only by its last four digits
 * (enough to tell two apart; the whole number is never needed to decide).
 */
export function shownValue(field: ComparedField, person: PersonFields): string | undefined {
  const value = textOf(person[field]);
  if (value === undefined || field !== 'ssn') return value;
  const digits = value.replace(/\D/g, '');
  return `•••${digits.slice(-4)}`;
}

/** Whether two records agree on a field: compared as written, ignoring case and spacing; not compared when either lacks it. */
export function agreement(field: ComparedField, record: PersonFields, candidate: PersonFields): 'agree' | 'disagree' | 'missing' {
  const normalise = (person: PersonFields) => textOf(person[field])?.toLowerCase().replace(/\s+/g, ' ');
  const [mine, theirs] = [normalise(record), normalise(candidate)];
  if (mine === undefined || theirs === undefined) return 'missing';
  return mine === theirs ? 'agree' : 'disagree';
}

/** Numbers, dates and the engine's codes (reasons, comparisons, levels) in the reader's language. */
export function useReviewFormat() {
  const { t, language, dateTime } = useLanguage();
  const locale = LOCALES[language];
  const bits = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const signedBits = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  // A code the messages do not name (a newer engine's) is shown as the engine gives it.
  const named = (group: string, code: string) => (i18n.exists(`console.reviews.${group}.${code}`) ? t(`console.reviews.${group}.${code}`) : code);
  return {
    bits: (value: number) => bits.format(value),
    signedBits: (value: number) => signedBits.format(value),
    probability: (value: number) => percent.format(value),
    instant: dateTime,
    value: (value: unknown) => textOf(value) ?? t('console.reviews.absent'),
    reason: (code: string) => named('reason', code),
    step: (field: string) => named('step', field),
    level: (level: string) => named('level', level),
  };
}
