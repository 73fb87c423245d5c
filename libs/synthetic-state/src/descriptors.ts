/**
 * The descriptor values the synthetic state uses, for whoever maps them (the outcomes job, its
 * benchmark): Ed-Fi's namespace where Ed-Fi has the code, the synthetic state's own otherwise.
 */
const edfi = (descriptor: string, code: string) => `uri://ed-fi.org/${descriptor}#${code}`;
const state = (descriptor: string, code: string) => `uri://state.example/${descriptor}#${code}`;

/** Ed-Fi's grade level codes, kindergarten to twelfth grade. */
export const GRADE_LEVEL_CODES = [
  'Kindergarten',
  'First grade',
  'Second grade',
  'Third grade',
  'Fourth grade',
  'Fifth grade',
  'Sixth grade',
  'Seventh grade',
  'Eighth grade',
  'Ninth grade',
  'Tenth grade',
  'Eleventh grade',
  'Twelfth grade',
];

export const GRADE_LEVELS = GRADE_LEVEL_CODES.map((code) => edfi('GradeLevelDescriptor', code));

export const EXIT_WITHDRAW_TYPES = {
  endOfSchoolYear: edfi('ExitWithdrawTypeDescriptor', 'End of school year'),
  graduated: edfi('ExitWithdrawTypeDescriptor', 'Graduated'),
  /** To another school that leads to a regular diploma, in or out of the state. */
  transferred: edfi('ExitWithdrawTypeDescriptor', 'Transferred'),
  emigrated: state('ExitWithdrawTypeDescriptor', 'Moved out of the country'),
  incarcerated: state('ExitWithdrawTypeDescriptor', 'Transferred to a correctional facility'),
  died: edfi('ExitWithdrawTypeDescriptor', 'Died or is permanently incapacitated'),
  dropout: edfi('ExitWithdrawTypeDescriptor', 'Dropout'),
  gedProgram: state('ExitWithdrawTypeDescriptor', 'Enrolled in a GED program'),
  completed: edfi('ExitWithdrawTypeDescriptor', 'Completed'),
} as const;

export const DIPLOMA_TYPES = {
  regular: edfi('DiplomaTypeDescriptor', 'Regular diploma'),
  stateDefinedAlternate: edfi('DiplomaTypeDescriptor', 'State Defined Alternate Diploma'),
  certificateOfCompletion: edfi('DiplomaTypeDescriptor', 'Certificate of completion'),
} as const;

export const ATTENDANCE_EVENT_CATEGORIES = {
  excusedAbsence: edfi('AttendanceEventCategoryDescriptor', 'Excused Absence'),
  unexcusedAbsence: edfi('AttendanceEventCategoryDescriptor', 'Unexcused Absence'),
} as const;

export const CALENDAR_EVENTS = {
  instructionalDay: edfi('CalendarEventDescriptor', 'Instructional day'),
  holiday: edfi('CalendarEventDescriptor', 'Holiday'),
} as const;

export const SEX = {
  female: edfi('SexDescriptor', 'Female'),
  male: edfi('SexDescriptor', 'Male'),
  nonbinary: edfi('SexDescriptor', 'Non-binary'),
} as const;

export const RACES = {
  americanIndianAlaskaNative: edfi('RaceDescriptor', 'American Indian - Alaska Native'),
  asian: edfi('RaceDescriptor', 'Asian'),
  blackAfricanAmerican: edfi('RaceDescriptor', 'Black - African American'),
  nativeHawaiianPacificIslander: edfi('RaceDescriptor', 'Native Hawaiian - Pacific Islander'),
  white: edfi('RaceDescriptor', 'White'),
} as const;

export const STUDENT_CHARACTERISTICS = {
  economicallyDisadvantaged: edfi('StudentCharacteristicDescriptor', 'Economic Disadvantaged'),
  homeless: edfi('StudentCharacteristicDescriptor', 'Homeless'),
  fosterCare: edfi('StudentCharacteristicDescriptor', 'Foster Care'),
} as const;

export const PROGRAM_TYPES = {
  englishLearner: edfi('ProgramTypeDescriptor', 'English as a Second Language'),
  specialEducation: edfi('ProgramTypeDescriptor', 'Special Education'),
} as const;

export const LIMITED_ENGLISH_PROFICIENCY = edfi('LimitedEnglishProficiencyDescriptor', 'Limited');
export const DISABILITY = edfi('DisabilityDescriptor', 'Specific Learning Disability');

/** The state's summative assessments: the subject is the assessment, as a state configures it. */
export const SUMMATIVE_ASSESSMENTS = {
  namespace: 'uri://state.example/Assessment',
  ela: 'STATE-SUMMATIVE-ELA',
  math: 'STATE-SUMMATIVE-MATH',
} as const;
export const SCALE_SCORE = edfi('AssessmentReportingMethodDescriptor', 'Scale score');
export const INTEGER_RESULT = edfi('ResultDatatypeTypeDescriptor', 'Integer');

export const OUT_OF_SCHOOL_SUSPENSION = edfi('DisciplineDescriptor', 'Out of School Suspension');
export const IN_SCHOOL_SUSPENSION = edfi('DisciplineDescriptor', 'In School Suspension');

export const POSTSECONDARY = {
  fall: state('TermDescriptor', 'Fall'),
  spring: state('TermDescriptor', 'Spring'),
  fullTime: state('EnrollmentStatusDescriptor', 'Full-time'),
  partTime: state('EnrollmentStatusDescriptor', 'Part-time'),
  associate: state('CredentialTypeDescriptor', "Associate's degree"),
  bachelor: state('CredentialTypeDescriptor', "Bachelor's degree"),
  certificate: state('CredentialTypeDescriptor', 'Certificate'),
  stateStudentId: state('IdentificationSystemDescriptor', 'State student id'),
} as const;
