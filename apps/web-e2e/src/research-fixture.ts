// The research browser tests' data: a research agreement in force naming univ-policy-lab as a
// recipient, drafted and approved through libs/agreements' registry as a steward's console does,
// and a small cohort of ninth graders at one Cedar Falls school, given SIDs by identity resolution
// and stored through the records library as ingestion stores them, so the hub's worker can build
// an extract of them.
import { type AgreementTerms, PURPOSES } from '@lantern/governance';
import type { DataSource } from 'typeorm';
import { CONSOLE_PEOPLE } from './console-fixture';
import { DISTRICTS, SCHOOLS } from './directory-fixture';
import { agreementInForce, type FixtureEnvelope, inForceSinceYesterday, storeFixtureRecords } from './fixture-store';

const SOURCE = 'cedar-falls-sis';
const EVENT_TIME = '2025-08-21T08:00:00Z';
/** Enough for k = 11 in every combination the extract releases: every student has the same birth year and grade, half of each sex. */
const STUDENTS = 30;
const SCHOOL = SCHOOLS.pineHollowAcademy.schoolId;

export const RESEARCH = {
  agreementTitle: 'Ninth grade transitions in Cedar Falls',
  district: DISTRICTS.cedarFalls.localEducationAgencyId,
  /** The school year the cohort's enrolments fall in (2025–26), and one before it. */
  schoolYears: [2025, 2026],
  elements: ['edfi.student.birthDate', 'edfi.student.birthSexDescriptor', 'edfi.studentSchoolAssociation.entryGradeLevelDescriptor'],
  students: STUDENTS,
} as const;

function researchTerms(): AgreementTerms {
  return {
    title: RESEARCH.agreementTitle,
    parties: [
      { organizationId: 'sea-state-education', roles: ['contributor'] },
      { organizationId: CONSOLE_PEOPLE.researcher.organizationId, roles: ['recipient'] },
    ],
    purpose: { code: PURPOSES.research, description: 'How ninth graders’ first year of high school goes' },
    legalBases: [{ kind: 'ferpa-studies' }],
    elements: [
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
    ],
    population: { kind: 'cohort', criteria: { sectors: ['k12'], districts: [RESEARCH.district], schoolYears: [...RESEARCH.schoolYears] } },
    linkagePermitted: false,
    outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
    ...inForceSinceYesterday(),
  };
}

// Distinct names and birth dates: identity resolution must take each for a different child.
const FIRST_NAMES = ['Amelia', 'Bruno', 'Chiara', 'Dmitri', 'Esme', 'Farid', 'Greta', 'Hiroshi', 'Ines', 'Jonas', 'Kalani', 'Leandro', 'Mirela', 'Nnamdi', 'Oksana'];
const SURNAMES = [
  'Abernathy',
  'Bergström',
  'Castellano',
  'Dimitriou',
  'Eriksen',
  'Fontaine',
  'Guerrero',
  'Halvorsen',
  'Ishikawa',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Marchetti',
  'Novak',
  'Okonjo',
];

const envelope = (contract: string, record: Record<string, unknown>): FixtureEnvelope => ({ contract, operation: 'upsert', sourceSystem: SOURCE, eventTime: EVENT_TIME, record });

function cohortEnvelopes(): FixtureEnvelope[] {
  return Array.from({ length: STUDENTS }, (_, index) => {
    const studentUniqueId = `CF-${1001 + index}`;
    return [
      envelope('edfi.student', {
        studentUniqueId,
        firstName: FIRST_NAMES[index % FIRST_NAMES.length],
        lastSurname: SURNAMES[(index * 7 + Math.floor(index / SURNAMES.length)) % SURNAMES.length],
        birthDate: new Date(Date.UTC(2010, 0, 1 + index * 11)).toISOString().slice(0, 10),
        birthSexDescriptor: `uri://ed-fi.org/SexDescriptor#${index % 2 === 0 ? 'Female' : 'Male'}`,
      }),
      envelope('edfi.studentSchoolAssociation', {
        studentReference: { studentUniqueId },
        schoolReference: { schoolId: SCHOOL },
        entryDate: '2025-08-20',
        entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade',
      }),
    ];
  }).flat();
}

/** The agreement, approved by every party that must, and the cohort's records with their SIDs. */
export async function seedResearch(dataSource: DataSource): Promise<void> {
  await agreementInForce(dataSource, researchTerms());
  await storeFixtureRecords(dataSource, 'research', cohortEnvelopes());
}
