/**
 * The student groups every indicator is broken down by (docs/outcomes.md, "Student groups"):
 * all students, sex, race/ethnicity (federal categories, Hispanic/Latino first) and five program
 * flags. Sex and race/ethnicity each partition all students once "not reported" is counted, so a
 * public table publishes them with their total; the flags are published for the flagged group only.
 */
export const STUDENT_GROUPS = [
  'all',
  'sex:female',
  'sex:male',
  'sex:nonbinary',
  'sex:not-reported',
  'race:hispanic-latino',
  'race:american-indian-alaska-native',
  'race:asian',
  'race:black-african-american',
  'race:native-hawaiian-pacific-islander',
  'race:white',
  'race:two-or-more',
  'race:not-reported',
  'english-learner',
  'students-with-disabilities',
  'economically-disadvantaged',
  'foster-youth',
  'homeless',
] as const;

export type StudentGroup = (typeof STUDENT_GROUPS)[number];
export const GROUP_COUNT = STUDENT_GROUPS.length;

/** Codes in GroupColumns.sex: 0 = not reported. */
export const SEX_CODES = { notReported: 0, female: 1, male: 2, nonbinary: 3 } as const;
/** Codes in GroupColumns.race: 0 = not reported; a student with Hispanic/Latino ethnicity is coded 1 whatever the race. */
export const RACE_CODES = {
  notReported: 0,
  hispanicLatino: 1,
  americanIndianAlaskaNative: 2,
  asian: 3,
  blackAfricanAmerican: 4,
  nativeHawaiianPacificIslander: 5,
  white: 6,
  twoOrMore: 7,
} as const;
/** Bits in GroupColumns.flags. */
export const GROUP_FLAGS = { englishLearner: 1, studentWithDisability: 2, economicallyDisadvantaged: 4, fosterYouth: 8, homeless: 16 } as const;

/** Whether a group is one category of a dimension that partitions all students (published with its total). */
export const PARTITIONS: Readonly<Record<'sex' | 'race', readonly StudentGroup[]>> = {
  sex: STUDENT_GROUPS.filter((group) => group.startsWith('sex:')),
  race: STUDENT_GROUPS.filter((group) => group.startsWith('race:')),
};

/** Never published as a group: they exist so that each partition adds up to all students. */
export const UNPUBLISHED_GROUPS: ReadonlySet<StudentGroup> = new Set(['sex:not-reported', 'race:not-reported']);

const SEX_GROUP_OFFSET = STUDENT_GROUPS.indexOf('sex:female');
const RACE_GROUP_OFFSET = STUDENT_GROUPS.indexOf('race:hispanic-latino');
const FLAG_GROUP_OFFSET = STUDENT_GROUPS.indexOf('english-learner');
const FLAG_BITS = 5;

/**
 * Group membership by student index, one byte per student per column, so a million students take
 * three megabytes. The caller fills it for the school year an indicator describes (a student's
 * program flags change between years).
 */
export interface GroupColumns {
  sex: Uint8Array;
  race: Uint8Array;
  flags: Uint8Array;
}

export function emptyGroupColumns(students: number): GroupColumns {
  return { sex: new Uint8Array(students), race: new Uint8Array(students), flags: new Uint8Array(students) };
}

/** The maximum number of groups one student belongs to: all, one sex, one race, every flag. */
export const MAX_GROUPS_PER_STUDENT = 3 + FLAG_BITS;

/** Writes the indexes (into STUDENT_GROUPS) of the groups a student belongs to into `out` and returns how many; no allocation. */
export function groupsOf(columns: GroupColumns, student: number, out: Int32Array): number {
  out[0] = 0;
  out[1] = sexGroup(columns.sex[student]);
  out[2] = raceGroup(columns.race[student]);
  let count = 3;
  const flags = columns.flags[student];
  for (let bit = 0; bit < FLAG_BITS; bit++) if (flags & (1 << bit)) out[count++] = FLAG_GROUP_OFFSET + bit;
  return count;
}

const sexGroup = (code: number) => (code >= 1 && code <= 3 ? SEX_GROUP_OFFSET + code - 1 : SEX_GROUP_OFFSET + 3);
const raceGroup = (code: number) => (code >= 1 && code <= 7 ? RACE_GROUP_OFFSET + code - 1 : RACE_GROUP_OFFSET + 7);
