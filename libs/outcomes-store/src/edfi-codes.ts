import { ATTENDANCE_CATEGORIES, DIPLOMA_TYPES, EXIT_TYPES, GROUP_FLAGS, RACE_CODES, SEX_CODES } from '@lantern/outcomes';

// Ed-Fi descriptor code values (the part after '#') to libs/outcomes' codes: docs/outcomes.md,
// "Inputs and their Ed-Fi sources". States word code values differently, so matching is by the
// words that carry the meaning; an unknown value takes the code that claims the least.

const GRADES: Record<string, number> = {
  Kindergarten: 0,
  'First grade': 1,
  'Second grade': 2,
  'Third grade': 3,
  'Fourth grade': 4,
  'Fifth grade': 5,
  'Sixth grade': 6,
  'Seventh grade': 7,
  'Eighth grade': 8,
  'Ninth grade': 9,
  'Tenth grade': 10,
  'Eleventh grade': 11,
  'Twelfth grade': 12,
};

/** 0 = kindergarten … 12; −1 = pre-kindergarten, ungraded or not given. */
export function gradeCode(codeValue: string | null): number {
  return codeValue === null ? -1 : (GRADES[codeValue] ?? -1);
}

/** A withdrawal's type; an unrecognised one is "other", which keeps the student in a graduation cohort. */
export function exitTypeCode(codeValue: string | null): number {
  if (codeValue === null) return EXIT_TYPES.none;
  const text = codeValue.toLowerCase();
  if (text.includes('graduat')) return EXIT_TYPES.graduated;
  if (/incarcerat|correction|prison|juvenile/.test(text)) return EXIT_TYPES.transferredToCorrectionalFacility;
  if (/ged|equivalency/.test(text)) return EXIT_TYPES.transferredToEquivalencyProgram;
  if (/emigrat|out of (the )?country/.test(text)) return EXIT_TYPES.emigrated;
  if (/died|death|deceased/.test(text)) return EXIT_TYPES.died;
  if (/drop/.test(text)) return EXIT_TYPES.droppedOut;
  if (text.includes('transfer')) return EXIT_TYPES.transferredToDiplomaProgram;
  return EXIT_TYPES.other;
}

/** A diploma's type; anything not a regular or state-defined alternate diploma counts as a certificate (never a graduate). */
export function diplomaTypeCode(codeValue: string): number {
  const text = codeValue.toLowerCase();
  if (text.includes('iep')) return DIPLOMA_TYPES.iepGoals;
  if (/ged|equivalency/.test(text)) return DIPLOMA_TYPES.equivalency;
  if (text.includes('alternate')) return DIPLOMA_TYPES.stateDefinedAlternate;
  if (text.includes('regular')) return DIPLOMA_TYPES.regular;
  return DIPLOMA_TYPES.certificateOfCompletion;
}

/** An attendance event's category; one not recognised as an absence counts as attendance. */
export function attendanceCategoryCode(codeValue: string): number {
  const text = codeValue.toLowerCase();
  if (text.includes('unexcused')) return ATTENDANCE_CATEGORIES.unexcusedAbsence;
  if (text.includes('excused')) return ATTENDANCE_CATEGORIES.excusedAbsence;
  if (/out[- ]of[- ]school suspension/.test(text)) return ATTENDANCE_CATEGORIES.outOfSchoolSuspension;
  if (/in[- ]school suspension/.test(text)) return ATTENDANCE_CATEGORIES.inSchoolSuspension;
  if (text.includes('independent study')) return /non[- ]?ada/.test(text) ? ATTENDANCE_CATEGORIES.independentStudyNonAda : ATTENDANCE_CATEGORIES.independentStudyAda;
  if (/tardy|early departure/.test(text)) return ATTENDANCE_CATEGORIES.tardy;
  return ATTENDANCE_CATEGORIES.inAttendance;
}

/** Calendar events that make a day count toward enrolled instructional days. */
export function isInstructionalDay(events: readonly string[]): boolean {
  return events.some((event) => /^(instructional|make-?up) day$/i.test(event));
}

export function sexCode(codeValue: string | null): number {
  switch (codeValue?.toLowerCase()) {
    case 'female':
      return SEX_CODES.female;
    case 'male':
      return SEX_CODES.male;
    case 'nonbinary':
    case 'non-binary':
      return SEX_CODES.nonbinary;
    default:
      return SEX_CODES.notReported;
  }
}

const RACES: Record<string, number> = {
  'american indian - alaska native': RACE_CODES.americanIndianAlaskaNative,
  asian: RACE_CODES.asian,
  'black - african american': RACE_CODES.blackAfricanAmerican,
  'native hawaiian - pacific islander': RACE_CODES.nativeHawaiianPacificIslander,
  white: RACE_CODES.white,
};

/** Hispanic/Latino of any race first; then one race, or two or more; else not reported. */
export function raceCode(hispanic: boolean | null, races: readonly string[] | null): number {
  if (hispanic) return RACE_CODES.hispanicLatino;
  const known = new Set((races ?? []).map((race) => RACES[race.toLowerCase()]).filter((code) => code !== undefined));
  if (known.size > 1) return RACE_CODES.twoOrMore;
  return known.size === 1 ? [...known][0] : RACE_CODES.notReported;
}

/** The group flags a program type or student characteristic names. */
export function groupFlagsOf(codeValue: string): number {
  const text = codeValue.toLowerCase();
  let flags = 0;
  if (/english (as a second language|learner|language (learner|acquisition))|limited english|\besl\b|bilingual|title iii/.test(text)) flags |= GROUP_FLAGS.englishLearner;
  if (/special education|disabilit|\bidea\b|\biep\b/.test(text)) flags |= GROUP_FLAGS.studentWithDisability;
  if (/econom|free or reduced|free and reduced|low income|reduced[- ]price/.test(text)) flags |= GROUP_FLAGS.economicallyDisadvantaged;
  if (/foster/.test(text)) flags |= GROUP_FLAGS.fosterYouth;
  if (/homeless|mckinney/.test(text)) flags |= GROUP_FLAGS.homeless;
  return flags;
}
