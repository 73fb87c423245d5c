import type { SchoolDirectory } from '../cells';
import { emptyGroupColumns } from '../student-groups';
import { growthPercentiles } from './growth-percentiles';
import { SUBJECT_CODES } from './scale-scores';

const directory: SchoolDirectory = { schoolIds: ['A', 'B'], districtIds: ['D'], districtOfSchool: Int32Array.of(0, 0) };

/**
 * A known conditional distribution: 10 prior scores, 100 students at each; a student's 2025 score
 * is their prior + k, k = 0 … 99, so within each prior the current score is uniform over 100
 * values. The 100 conditional quantiles are prior + 0.99 (j − 0.5), j = 1 … 100, so the SGP of k
 * is the count of j with 0.99 (j − 0.5) < k, kept within 1–99. Students with k < 50 attend A.
 */
function scores() {
  const rows: Array<[number, number, number, number, number]> = [];
  for (let prior = 0; prior < 10; prior++) {
    for (let k = 0; k < 100; k++) {
      const student = prior * 100 + k;
      const school = k < 50 ? 0 : 1;
      rows.push([student, school, 2024, 2400 + prior * 30, 4], [student, school, 2025, 2400 + prior * 30 + k, 5]);
    }
  }
  return {
    student: Int32Array.from(rows, (row) => row[0]),
    school: Int32Array.from(rows, (row) => row[1]),
    schoolYear: Int16Array.from(rows, (row) => row[2]),
    grade: Int8Array.from(rows, (row) => row[4]),
    subject: new Uint8Array(rows.length).fill(SUBJECT_CODES.ela),
    scaleScore: Float64Array.from(rows, (row) => row[3]),
  };
}

describe('growthPercentiles', () => {
  const input = scores();
  const result = growthPercentiles(input, emptyGroupColumns(1000), directory, { schoolYear: 2025, minimumCohort: 100, neighbourhood: 100 });
  const sgpOf = (student: number) => result.percentiles[input.student.findIndex((id, row) => id === student && input.schoolYear[row] === 2025)];

  it('gives each student the percentile of their score among students with the same prior score', () => {
    // k: 0 → 0 below → 1; 10 → 10; 25 → 25; 50 → 51; 75 → 76; 98 → 99; 99 → 100 below → 99.
    const expected: Array<[number, number]> = [
      [0, 1],
      [10, 10],
      [25, 25],
      [50, 51],
      [75, 76],
      [98, 99],
      [99, 99],
    ];
    for (const prior of [0, 4, 9]) for (const [k, sgp] of expected) expect([prior, k, sgpOf(prior * 100 + k)]).toEqual([prior, k, sgp]);
  });

  it('summarises schools by the median SGP, not the mean', () => {
    const median = (entity: string) => result.values.find((value) => value.indicator === 'median-sgp-ela' && value.entity === entity && value.group === 'all');
    // A: SGPs 1, 1, 2 … 49 at each prior, 500 in all: the 250th and 251st are 24 and 25. B: 51 … 99, 99: 75 and 76.
    expect(median('A')).toMatchObject({ kind: 'median', value: 24.5, denominator: 500, numerator: null });
    expect(median('B')).toMatchObject({ value: 75.5, denominator: 500 });
  });

  it('gives no SGP to a cohort smaller than the minimum (insufficient n)', () => {
    const small = growthPercentiles(input, emptyGroupColumns(1000), directory, { schoolYear: 2025, minimumCohort: 1001 });
    expect(small.percentiles.every((sgp) => sgp === 0)).toBe(true);
    expect(small.values.find((value) => value.entity === 'A' && value.group === 'all')).toMatchObject({ value: null, denominator: 0, inputs: { scores: 500, withPercentile: 0 } });
  });
});
