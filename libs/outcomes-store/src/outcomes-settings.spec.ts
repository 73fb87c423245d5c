import { loadSettings } from '@lantern/config';
import { emptyGroupColumns, growthPercentiles, SUBJECT_CODES, type SchoolDirectory } from '@lantern/outcomes';
import { OUTCOMES_SETTINGS } from './outcomes-settings';

const directory: SchoolDirectory = { schoolIds: ['A'], districtIds: ['D'], districtOfSchool: Int32Array.of(0) };

/** A fifth-grade ELA cohort of `students`, each with a fourth-grade score the year before, all at school A. */
function cohort(students: number) {
  const rows = Array.from({ length: students }, (_, student) => {
    const prior = 2400 + (student % 10) * 30;
    return [
      [student, 2024, 4, prior],
      [student, 2025, 5, prior + ((student * 37) % 100)],
    ];
  }).flat();
  return {
    student: Int32Array.from(rows, (row) => row[0]),
    school: new Int32Array(rows.length),
    schoolYear: Int16Array.from(rows, (row) => row[1]),
    grade: Int8Array.from(rows, (row) => row[2]),
    subject: new Uint8Array(rows.length).fill(SUBJECT_CODES.ela),
    scaleScore: Float64Array.from(rows, (row) => row[3]),
  };
}

/** School A's median SGP in ELA under the configured minimum. */
function schoolMedian(students: number, environment: Record<string, string>) {
  const { LANTERN_SGP_MINIMUM_COHORT } = loadSettings(OUTCOMES_SETTINGS, environment);
  const { values } = growthPercentiles(cohort(students), emptyGroupColumns(students), directory, { schoolYear: 2025, minimumCohort: LANTERN_SGP_MINIMUM_COHORT });
  return values.find((value) => value.indicator === 'median-sgp-ela' && value.entity === 'A' && value.group === 'all');
}

describe('the SGP cohort minimum setting (LANTERN_SGP_MINIMUM_COHORT)', () => {
  it('gives SGPs to a cohort of exactly the minimum and none to one student fewer: 500 unless configured', () => {
    expect(schoolMedian(500, {})).toMatchObject({ denominator: 500, value: expect.any(Number), inputs: { scores: 500, withPercentile: 500 } });
    expect(schoolMedian(499, {})).toMatchObject({ denominator: 0, value: null, inputs: { scores: 499, withPercentile: 0 } });
    expect(schoolMedian(300, { LANTERN_SGP_MINIMUM_COHORT: '300' })).toMatchObject({ denominator: 300, value: expect.any(Number) });
    expect(schoolMedian(299, { LANTERN_SGP_MINIMUM_COHORT: '300' })).toMatchObject({ denominator: 0, value: null });
  });

  it('refuses at start-up, in one line naming it, a minimum that is not a whole number from 100 to 1,000,000', () => {
    expect(loadSettings(OUTCOMES_SETTINGS, { LANTERN_SGP_MINIMUM_COHORT: '100' }).LANTERN_SGP_MINIMUM_COHORT).toBe(100);
    expect(loadSettings(OUTCOMES_SETTINGS, { LANTERN_SGP_MINIMUM_COHORT: '1000000' }).LANTERN_SGP_MINIMUM_COHORT).toBe(1_000_000);
    for (const minimum of ['99', '0', '-500', '1000001', '500.5', '5e2', 'five hundred']) {
      expect(() => loadSettings(OUTCOMES_SETTINGS, { LANTERN_SGP_MINIMUM_COHORT: minimum })).toThrow(
        /^[^\n]*LANTERN_SGP_MINIMUM_COHORT[^\n]*must be a whole number from 100 to 1000000[^\n]*$/,
      );
    }
  });
});
