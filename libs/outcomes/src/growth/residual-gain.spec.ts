import type { SchoolDirectory } from '../cells';
import { emptyGroupColumns } from '../student-groups';
import { residualGain } from './residual-gain';
import { SUBJECT_CODES, type ScaleScores } from './scale-scores';

const directory: SchoolDirectory = { schoolIds: ['A', 'B'], districtIds: ['D'], districtOfSchool: Int32Array.of(0, 0) };

type Row = [student: number, school: number, year: number, grade: number, subject: number, score: number];
const columns = (rows: Row[]): ScaleScores => ({
  student: Int32Array.from(rows, (row) => row[0]),
  school: Int32Array.from(rows, (row) => row[1]),
  schoolYear: Int16Array.from(rows, (row) => row[2]),
  grade: Int8Array.from(rows, (row) => row[3]),
  subject: Uint8Array.from(rows, (row) => row[4]),
  scaleScore: Float64Array.from(rows, (row) => row[5]),
});

/**
 * 60 grade-5 students of 2025 with 2024 grade-4 ELA and math scores spread over a grid; their 2025
 * math score is 100 + 0.6 × prior ELA + 0.4 × prior math, plus `bonus` at school B. Students 0–49
 * attend A, 50–59 B.
 */
function state(bonus: (student: number) => number): Row[] {
  const rows: Row[] = [];
  for (let student = 0; student < 60; student++) {
    const ela = 2400 + (student % 10) * 10;
    const math = 2380 + Math.floor(student / 10) * 15 + (student % 3) * 5;
    const school = student < 50 ? 0 : 1;
    rows.push([student, school, 2024, 4, SUBJECT_CODES.ela, ela], [student, school, 2024, 4, SUBJECT_CODES.math, math]);
    rows.push([student, school, 2025, 5, SUBJECT_CODES.math, 100 + 0.6 * ela + 0.4 * math + bonus(student)]);
  }
  rows.push([60, 0, 2025, 5, SUBJECT_CODES.math, 2500]); // new to the state: no prior scores
  rows.push([61, 0, 2025, 3, SUBJECT_CODES.math, 2400]); // grade 3: not in the growth model
  return rows;
}

describe('residualGain', () => {
  it('fits the expected score from prior ELA and math by grade and subject, and gives residual gain = actual − expected', () => {
    const result = residualGain(columns(state(() => 0)), emptyGroupColumns(62), directory, { schoolYear: 2025 });
    const model = result.models.find(({ grade, subject, priorYears }) => grade === 5 && subject === 'math' && priorYears === 1)!;
    expect(model.scores).toBe(60);
    model.coefficients!.forEach((coefficient, index) => expect(coefficient).toBeCloseTo([100, 0.6, 0.4][index], 6));
    const school = result.values.find(({ indicator, entity, group }) => indicator === 'growth-math' && entity === 'A' && group === 'all')!;
    expect(school).toMatchObject({ level: 'school', kind: 'mean', denominator: 50, inputs: { scores: 50, withoutPriors: 1 }, estimate: 'weighted' });
    expect(school.value).toBeCloseTo(0, 6);
  });

  it('shrinks the small school’s average residual toward the state’s and reports district groups as weighted', () => {
    // B's 10 students gain 12 points more than expected; A's alternate ±3 (so A's residuals vary and the model still fits).
    const result = residualGain(columns(state((student) => (student >= 50 ? 12 : student % 2 === 0 ? 3 : -3))), emptyGroupColumns(62), directory, { schoolYear: 2025 });
    const value = (entity: string) => result.values.find(({ indicator, entity: id, group }) => indicator === 'growth-math' && id === entity && group === 'all')!;
    const b = value('B');
    const rawMean = b.numerator! / b.denominator;
    const stateMean = value('state').value!;
    expect(value('state').estimate).toBe('simple');
    expect(rawMean).toBeGreaterThan(stateMean);
    expect(b.value!).toBeLessThan(rawMean);
    expect(b.value!).toBeGreaterThan(stateMean);
    expect(value('D').estimate).toBe('weighted');
  });
});
