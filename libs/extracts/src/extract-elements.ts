import { ContractRegistry } from '@lantern/contracts';
import { type GeneralisationHierarchy, gradeBandHierarchy, type MicrodataValue, numericBandHierarchy, suppressOnlyHierarchy, valueMapHierarchy } from '@lantern/disclosure-control';
import { elementKey, type ElementRef } from '@lantern/governance';
import type { TableRequest } from './extract-specification';

const registry = ContractRegistry.default();

/** Elements that name or point at a person: never in an extract, whatever an agreement says. */
const DIRECT_IDENTIFIERS = new Set([
  'studentUniqueId',
  'personalTitlePrefix',
  'firstName',
  'middleName',
  'lastSurname',
  'generationCodeSuffix',
  'maidenName',
  'preferredFirstName',
  'preferredLastSurname',
  'otherNames',
  'birthCity',
  'birthInternationalProvince',
  'studentReference',
  'studentAcademicRecordReference',
  'person',
  'studentIdentificationCodes',
  'identificationCodes',
  'studentAssessmentIdentifier',
]);

/** Contracts describing the person rather than events: their elements are the person file's quasi-identifiers. */
const PERSON_DOMAINS = new Set(['edfi.student', 'edfi.studentEducationOrganizationAssociation']);
const ENROLMENT = 'edfi.studentSchoolAssociation';
export const SCHOOL = elementKey({ domain: ENROLMENT, element: 'schoolReference' });
const GRADE = elementKey({ domain: ENROLMENT, element: 'entryGradeLevelDescriptor' });
const BIRTH_DATE = elementKey({ domain: 'edfi.student', element: 'birthDate' });

/**
 * The date that places a record in time, per contract: the time span filters on it and the
 * period column shows its school year. Records of contracts not listed fall back to the
 * source's event time.
 */
export const PERIOD_DATE: Readonly<Record<string, string>> = {
  [ENROLMENT]: 'entryDate',
  'edfi.studentAssessment': 'administrationDate',
  'edfi.studentSchoolAttendanceEvent': 'eventDate',
  'edfi.studentProgramAssociation': 'beginDate',
  'postsecondary.termEnrollment': 'termBeginDate',
  'postsecondary.credentialAward': 'awardDate',
  'partner.serviceParticipation': 'beginDate',
  'partner.childWelfarePlacement': 'episodeBeginDate',
  'partner.publicAssistanceEnrollment': 'beginDate',
  'partner.juvenileJusticeInvolvement': 'beginDate',
};

/** How an extract treats one requested element. */
export interface ExtractElement {
  ref: ElementRef;
  key: string;
  /** Quasi-identifiers are in the person file, under k-anonymity; school and grade also in the enrolment file, at the level chosen there. */
  quasiIdentifier: boolean;
  inPersonFile: boolean;
  /** Event elements go to their contract's file. */
  inDomainFile: boolean;
}

export function classifyElement(ref: ElementRef): ExtractElement {
  const key = elementKey(ref);
  const person = PERSON_DOMAINS.has(ref.domain);
  const enrolmentQuasiIdentifier = key === SCHOOL || key === GRADE;
  return { ref, key, quasiIdentifier: person || enrolmentQuasiIdentifier, inPersonFile: person || enrolmentQuasiIdentifier, inDomainFile: !person };
}

/** Why elements or tables cannot be in an extract; empty when they can. */
export function extractElementProblems(elements: readonly ElementRef[], tables: readonly TableRequest[]): string[] {
  const problems: string[] = [];
  const personBearing = new Set(
    registry
      .contracts()
      .filter((contract) => contract.person)
      .map((contract) => contract.id),
  );
  for (const ref of elements) {
    const key = elementKey(ref);
    if (!personBearing.has(ref.domain)) problems.push(`${key}: ${ref.domain} is not a contract of records about people`);
    else if (!registry.recordElements(ref.domain).includes(ref.element)) problems.push(`${key}: no such element in ${ref.domain}`);
    else if (DIRECT_IDENTIFIERS.has(ref.element)) problems.push(`${key} is a direct identifier: research extracts never contain it`);
  }
  const quasiIdentifiers = new Set(
    elements
      .map(classifyElement)
      .filter((element) => element.quasiIdentifier)
      .map((element) => element.key),
  );
  for (const table of tables) {
    for (const key of [table.rows, table.columns]) if (!quasiIdentifiers.has(key)) problems.push(`table over ${key}: tables count the cohort by requested person-level elements only`);
  }
  return problems;
}

/** The generalisation hierarchy of a quasi-identifier: school → district, grade → band, birth year → bands, others suppress-only. */
export function hierarchyOf(key: string, districtOfSchool: Readonly<Record<string, string>>): GeneralisationHierarchy {
  if (key === SCHOOL) return valueMapHierarchy(key, [{ level: 'district', map: districtOfSchool }]);
  if (key === GRADE) return gradeBandHierarchy(key);
  if (key === BIRTH_DATE) return numericBandHierarchy(key, [5, 10]);
  return suppressOnlyHierarchy(key);
}

/**
 * SQL over a record expression giving one element as text: a school reference as its school
 * id, races as their codes in order, anything else as recorded (structures as JSON text). The
 * driver then parses no JSON, which is most of the cost of reading millions of rows.
 */
export function elementSql(key: string, element: string, record: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(element)) throw new Error(`not an element name: ${element}`);
  if (key === SCHOOL) return `${record} #>> '{schoolReference,schoolId}'`;
  if (element === 'races') {
    // Most people have one race: its code without the subquery's per-record sort.
    const code = (race: string) => `split_part(${race} ->> 'raceDescriptor', '#', 2)`;
    return `(CASE WHEN jsonb_typeof(${record} -> 'races') IS DISTINCT FROM 'array' THEN NULL
                  WHEN jsonb_array_length(${record} -> 'races') = 1 THEN ${code(`(${record} -> 'races' -> 0)`)}
                  ELSE (SELECT string_agg(${code('race')}, '|' ORDER BY ${code('race')}) FROM jsonb_array_elements(${record} -> 'races') race) END)`;
  }
  return `${record} ->> '${element}'`;
}

/** One CSV cell from an element's text (see elementSql): a full birth date is only ever its year. */
export function cellValue(key: string, text: unknown): MicrodataValue {
  if (typeof text !== 'string') return null;
  if (key === BIRTH_DATE) return /^\d{4}/.test(text) ? Number(text.slice(0, 4)) : null;
  return text;
}
