import type { SchoolDirectory } from '../cells';
import { dayNumber, quarterIndex } from '../dates';
import { emptyGroupColumns } from '../student-groups';
import { afterHighSchool } from './after-high-school';

const directory: SchoolDirectory = { schoolIds: ['H'], districtIds: ['D'], districtOfSchool: Int32Array.of(0) };
const days = (...dates: string[]) => Int32Array.from(dates, dayNumber);

describe('afterHighSchool', () => {
  // Four graduates of June 2019. 0: college from August 2019, a certificate in 2023, wages in 2020 Q3–Q4 and 2024.
  // 1: college from January 2020 (within 16 months, not the first fall). 2: no college; wages in one quarter of year 1 only.
  // 3: wages of $500 in each of year 1’s quarters ($2,000 in all: not employed).
  const values = afterHighSchool(
    { student: Int32Array.of(0, 1, 2, 3), school: Int32Array.of(0, 0, 0, 0), exitDay: days('2019-06-07', '2019-06-07', '2019-06-07', '2019-06-07') },
    { student: Int32Array.of(0, 1), beginDay: days('2019-08-26', '2020-01-13'), endDay: Int32Array.of(dayNumber('2020-05-15'), -1) },
    { student: Int32Array.of(0), awardDay: days('2023-05-20') },
    {
      student: Int32Array.of(0, 0, 2, 3, 3, 3, 3, 0, 0, 0, 0),
      quarter: Int32Array.of(
        quarterIndex(2019, 4),
        quarterIndex(2020, 1),
        quarterIndex(2020, 2),
        ...[3, 4].map((q) => quarterIndex(2019, q as 3 | 4)),
        ...[1, 2].map((q) => quarterIndex(2020, q as 1 | 2)),
        ...[3, 4].map((q) => quarterIndex(2023, q as 3 | 4)),
        ...[1, 2].map((q) => quarterIndex(2024, q as 1 | 2)),
      ),
      wages: Float64Array.of(4000, 5000, 6000, 500, 500, 500, 500, 9000, 9000, 10000, 10000),
    },
    emptyGroupColumns(4),
    directory,
    { observedThrough: { postsecondaryDay: dayNumber('2025-12-31'), credentialDay: dayNumber('2024-12-31'), wageQuarter: quarterIndex(2024, 4) } },
  );
  const at = (indicator: string) => values.find((value) => value.indicator === indicator && value.entity === 'H' && value.group === 'all');

  it('counts postsecondary enrolment by the first fall and within 16 months', () => {
    expect(at('postsecondary-first-fall')).toMatchObject({ numerator: 1, denominator: 4 });
    expect(at('postsecondary-16-months')).toMatchObject({ numerator: 2, denominator: 4 });
  });

  it('leaves out graduates whose window the records do not reach yet', () => {
    // Six years from June 2019 end in June 2025; credentials are known only to the end of 2024.
    expect(at('credential-6-years')).toMatchObject({ numerator: 0, denominator: 0, value: null, inputs: { notYetObservable: 4 } });
  });

  it('counts employment in years 1 and 5 after exit (two quarters with wages, $3,000 in all) and the median quarterly wage of the employed', () => {
    // Year 1 = 2019 Q3 – 2020 Q2; year 5 = 2023 Q3 – 2024 Q2.
    expect(at('employed-year-1')).toMatchObject({ numerator: 1, denominator: 4 });
    expect(at('median-quarterly-wage-year-1')).toMatchObject({ kind: 'median', value: 4500, denominator: 1 });
    expect(at('employed-year-5')).toMatchObject({ numerator: 1, denominator: 4 });
    expect(at('median-quarterly-wage-year-5')).toMatchObject({ value: 9500 });
  });
});
