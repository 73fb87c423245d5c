import { type AgreementTerms, PURPOSES } from '@lantern/governance';

/** The contracts whose current records the watch list reads. */
export const EARLY_WARNING_CONTRACTS = {
  student: 'edfi.student',
  enrolment: 'edfi.studentSchoolAssociation',
  attendance: 'edfi.studentSchoolAttendanceEvent',
  discipline: 'edfi.disciplineAction',
  grade: 'edfi.grade',
} as const;

/** Every data element the watch list shows or decides from: what the agreement must permit, and what each view's disclosure names. */
export const EARLY_WARNING_ELEMENTS: ReadonlyArray<{ domain: string; element: string }> = [
  ...['studentUniqueId', 'firstName', 'lastSurname'].map((element) => ({ domain: EARLY_WARNING_CONTRACTS.student, element })),
  ...['entryDate', 'exitWithdrawDate'].map((element) => ({ domain: EARLY_WARNING_CONTRACTS.enrolment, element })),
  ...['eventDate', 'attendanceEventCategoryDescriptor', 'eventDuration'].map((element) => ({ domain: EARLY_WARNING_CONTRACTS.attendance, element })),
  ...['disciplineActionIdentifier', 'disciplineDate', 'disciplines'].map((element) => ({ domain: EARLY_WARNING_CONTRACTS.discipline, element })),
  ...['gradingPeriodReference', 'studentSectionAssociationReference', 'letterGradeEarned', 'numericGradeEarned'].map((element) => ({ domain: EARLY_WARNING_CONTRACTS.grade, element })),
];

/**
 * What an agreement that allows the watch list states, besides its parties and dates: the
 * early-warning purpose, every element the list uses as recorded, and only students enrolled
 * with the recipient. The watch list's own policy question asks for exactly these.
 */
export const EARLY_WARNING_AGREEMENT_TERMS = {
  purpose: { code: PURPOSES.earlyWarning, description: 'Timely support of enrolled students showing early signs of disengagement' },
  legalBases: [{ kind: 'ferpa-school-official' }],
  elements: EARLY_WARNING_ELEMENTS.map((element) => ({ ...element, granularity: 'as-recorded' as const })),
  population: { kind: 'enrolled-at-recipient' },
  linkagePermitted: false,
  outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
} satisfies Omit<AgreementTerms, 'title' | 'parties' | 'effectiveDate' | 'expiresAt' | 'destroyBy'>;
