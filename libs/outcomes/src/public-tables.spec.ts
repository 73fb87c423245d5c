import { SUPPRESSED, protectPublicTable } from '@lantern/disclosure-control';
import type { SchoolDirectory } from './cells';
import { dayNumber } from './dates';
import { DIPLOMA_TYPES, EXIT_TYPES, graduationRates } from './graduation/adjusted-cohort';
import { publicTableOf } from './public-tables';
import { GROUP_FLAGS, RACE_CODES, emptyGroupColumns } from './student-groups';

describe('publicTableOf + protectPublicTable', () => {
  it('withholds a school’s group of 10 students, and the district’s and other school’s so that no total gives it away', () => {
    // Two schools of 40 in one district; school A has 10 foster youth, school B 12; every fourth student of B is Asian, the rest White.
    const directory: SchoolDirectory = { schoolIds: ['A', 'B'], districtIds: ['D'], districtOfSchool: Int32Array.of(0, 0) };
    const students = 80;
    const groups = emptyGroupColumns(students);
    for (let student = 0; student < students; student++) {
      groups.race[student] = student >= 40 && student % 4 === 0 ? RACE_CODES.asian : RACE_CODES.white;
      if (student < 10 || (student >= 40 && student < 52)) groups.flags[student] = GROUP_FLAGS.fosterYouth;
    }
    const rows = Array.from({ length: students }, (_, student) => student);
    const values = graduationRates(
      {
        student: Int32Array.from(rows),
        school: Int32Array.from(rows, (student) => (student < 40 ? 0 : 1)),
        entryDay: new Int32Array(students).fill(dayNumber('2021-08-20')),
        entryGrade: new Int8Array(students).fill(9),
        exitDay: new Int32Array(students).fill(-1),
        exitType: new Uint8Array(students).fill(EXIT_TYPES.none),
        exitDocumented: new Uint8Array(students),
      },
      {
        student: Int32Array.from(rows.filter((student) => student % 5 !== 0)),
        awardDay: new Int32Array(64).fill(dayNumber('2025-06-01')),
        diplomaType: new Uint8Array(64).fill(DIPLOMA_TYPES.regular),
      },
      groups,
      directory,
      { cohortYear: 2022 },
    ).filter(({ indicator }) => indicator === 'graduation-4-year');

    const result = protectPublicTable(publicTableOf('4-year graduation 2025', values, directory, { schoolsAddUp: true }));
    const cell = (key: string) => result.cells.find((published) => published.key === key);
    expect(cell('school/A/foster-youth')).toMatchObject({ n: SUPPRESSED, value: SUPPRESSED, reason: 'below-minimum-n' });
    // District foster youth (22) = A's + B's: B's 12 goes too.
    expect(cell('school/B/foster-youth')).toMatchObject({ n: SUPPRESSED, reason: 'complementary' });
    // B's 10 Asian students and, so that B's total does not give them away, B's White students.
    expect(cell('school/B/race:asian')).toMatchObject({ n: SUPPRESSED, reason: 'below-minimum-n' });
    expect(cell('school/B/race:white')).toMatchObject({ n: SUPPRESSED, reason: 'complementary' });
    expect(cell('school/A/all')).toEqual({ key: 'school/A/all', kind: 'rate', n: 40, value: 0.8 });
    expect(result.cells.some(({ key }) => key.endsWith('not-reported'))).toBe(false);
  });
});
