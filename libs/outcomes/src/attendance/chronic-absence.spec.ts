import type { SchoolDirectory } from '../cells';
import { dayNumber } from '../dates';
import { emptyGroupColumns } from '../student-groups';
import { ATTENDANCE_CATEGORIES, chronicAbsence, countsAsAbsent, enrolledInstructionalDays } from './chronic-absence';

const directory: SchoolDirectory = { schoolIds: ['S1', 'S2', 'S3'], districtIds: ['D1', 'D2'], districtOfSchool: Int32Array.of(0, 0, 1) };

function days(rows: Array<[student: number, school: number, enrolled: number, absent: number, grade?: number]>) {
  return {
    student: Int32Array.from(rows, ([student]) => student),
    school: Int32Array.from(rows, ([, school]) => school),
    grade: Int8Array.from(rows, ([, , , , grade]) => grade ?? 5),
    daysEnrolled: Int32Array.from(rows, ([, , enrolled]) => enrolled),
    daysAbsent: Float64Array.from(rows, ([, , , absent]) => absent),
  };
}

describe('chronicAbsence', () => {
  const values = chronicAbsence(
    days([
      [0, 0, 31, 4], // 31 days enrolled: counted; 4 of 31 = 12.9 %: chronically absent
      [1, 0, 30, 10], // 30 days: below California's 31, left out
      [2, 0, 31, 3], // 3 of 31 = 9.7 %: not
      [3, 0, 40, 4], // exactly 10 %: chronically absent
      [4, 0, 20, 2], // 20 + 20 days at two schools of one district: left out at each school, counted once in the district
      [4, 1, 20, 2],
      [5, 2, 31, 4, 11], // a grade 11 student in another district
    ]),
    emptyGroupColumns(6),
    directory,
  );
  const at = (entity: string) => values.find((value) => value.entity === entity && value.group === 'all');

  it('counts students enrolled at least 31 instructional days who missed at least 10 % of them', () => {
    expect(at('S1')).toMatchObject({ numerator: 2, denominator: 3, inputs: { students: 3, chronicallyAbsent: 2, belowMinimumDays: 2 } });
    expect(at('S2')).toMatchObject({ numerator: 0, denominator: 0, value: null, inputs: { belowMinimumDays: 1 } });
  });

  it('counts a student once in their district and the state, from their days summed over schools', () => {
    expect(at('D1')).toMatchObject({ numerator: 3, denominator: 4, inputs: { belowMinimumDays: 1 } });
    expect(at('state')).toMatchObject({ numerator: 4, denominator: 5 });
  });

  it('counts only the grades asked for (California: TK/K–8)', () => {
    const dashboard = chronicAbsence(days([[5, 2, 31, 4, 11]]), emptyGroupColumns(6), directory, { grades: [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8] });
    expect(dashboard).toEqual([]);
  });

  it('counts absence days as California does: out-of-school suspension yes, in-school suspension no', () => {
    const absent = Object.entries(ATTENDANCE_CATEGORIES)
      .filter(([, code]) => countsAsAbsent(code))
      .map(([name]) => name);
    expect(absent).toEqual(['excusedAbsence', 'unexcusedAbsence', 'outOfSchoolSuspension', 'independentStudyNonAda']);
  });

  it('counts the instructional days of the calendar between entry and exit, both inclusive', () => {
    // Mondays to Fridays of two weeks in September 2024.
    const calendar = Int32Array.from(['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'], (day) => dayNumber(`2024-09-${day}`));
    expect(enrolledInstructionalDays(calendar, dayNumber('2024-09-04'), dayNumber('2024-09-10'))).toBe(5);
    expect(enrolledInstructionalDays(calendar, dayNumber('2024-09-07'), -1)).toBe(5);
    expect(enrolledInstructionalDays(calendar, dayNumber('2024-09-14'), -1)).toBe(0);
  });
});
