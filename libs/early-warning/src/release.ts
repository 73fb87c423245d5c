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
