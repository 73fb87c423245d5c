import { CellCounters, type IndicatorValue, type Level, type SchoolDirectory } from '../cells';
import { LeastSquares, predict } from '../statistics/least-squares';
import { GROUP_COUNT, STUDENT_GROUPS, type GroupColumns } from '../student-groups';
import { fitEblp } from './eblp';
import { GROWTH_GRADES, SUBJECTS, ScoreIndex, scoreRows, type ScaleScores } from './scale-scores';

export interface ResidualGainOptions {
  /** The school year whose growth is computed (its scores against the prior years'). */
  schoolYear: number;
  grades?: readonly number[];
  /** A grade × subject model is fitted only from this many scores; fewer give no expected score. */
  minimumModelScores?: number;
  /** District groups (not all students) with more scores get a simple average (SBE, May 2021; outcomes.md §1). */
  districtSimpleAverageAbove?: number;
}

/** How each grade × subject × prior-years model came out. */
export interface ExpectedScoreModel {
  grade: number;
  subject: (typeof SUBJECTS)[number];
  /** 1: the prior year's ELA and math; 2: also the year before's. */
  priorYears: 1 | 2;
  scores: number;
  /** Intercept, then ELA and math of the prior year (and of the year before), or null when not fitted. */
  coefficients: number[] | null;
}

export interface ResidualGainResult {
  values: IndicatorValue[];
  models: ExpectedScoreModel[];
  /** Per input row: actual − expected scale score, NaN where the row has no growth score. */
  residuals: Float64Array;
}

const PRIOR_ORDERS = 2;
const MAX_GRADE = 13;
const modelSlot = (grade: number, subject: number, order: number) => (grade * SUBJECTS.length + subject) * PRIOR_ORDERS + order - 1;

/**
 * California's residual-gain growth (outcomes.md §1). For each grade 4–8 and subject, a student's
 * expected scale score is the least-squares prediction from their prior-year ELA and math scores
 * (and the year before's when they have them: current plus two prior years, per CDE's FAQ), fitted
 * on all students of that grade and subject statewide; no demographics. Residual gain = actual −
 * expected. Schools, districts and their student groups get the EBLP-weighted average of their
 * students' residuals; district groups above 500 scores the simple average. A score needs both
 * prior-year scores; without them it is counted (withoutPriors) but has no residual.
 */
export function residualGain(scores: ScaleScores, groups: GroupColumns, directory: SchoolDirectory, options: ResidualGainOptions): ResidualGainResult {
  const { schoolYear, grades = GROWTH_GRADES, minimumModelScores = 30, districtSimpleAverageAbove = 500 } = options;
  const index = new ScoreIndex(scores);
  const rows = scoreRows(scores);
  const inGrades = new Uint8Array(MAX_GRADE + 1);
  for (const grade of grades) inGrades[grade] = 1;
  const models = Array.from({ length: (MAX_GRADE + 1) * SUBJECTS.length * PRIOR_ORDERS }, (_, slot) => new LeastSquares(((slot % PRIOR_ORDERS) + 1) * 2));
  const priors = new Float64Array(4);

  const priorOrderOf = (row: number): number => {
    const student = scores.student[row];
    priors[0] = index.score(student, schoolYear - 1, 0);
    priors[1] = index.score(student, schoolYear - 1, 1);
    if (Number.isNaN(priors[0]) || Number.isNaN(priors[1])) return 0;
    priors[2] = index.score(student, schoolYear - 2, 0);
    priors[3] = index.score(student, schoolYear - 2, 1);
    return Number.isNaN(priors[2]) || Number.isNaN(priors[3]) ? 1 : 2;
  };
  const eligible = (row: number) => scores.schoolYear[row] === schoolYear && scores.grade[row] >= 0 && scores.grade[row] <= MAX_GRADE && inGrades[scores.grade[row]] === 1;

  for (let row = 0; row < rows; row++) {
    if (!eligible(row)) continue;
    const order = priorOrderOf(row);
    // A student with two prior years also informs the one-prior-year model, which serves whoever lacks the second.
    for (let fitted = 1; fitted <= order; fitted++) models[modelSlot(scores.grade[row], scores.subject[row], fitted)].add(priors, 0, scores.scaleScore[row]);
  }
  const solved = models.map((model) => (model.count >= minimumModelScores ? model.solve() : undefined));

  const counters = SUBJECTS.map(() => new CellCounters(directory, ['scores', 'residualSum', 'residualSquares', 'withoutPriors'] as const, groups));
  const residuals = new Float64Array(rows).fill(NaN);
  for (let row = 0; row < rows; row++) {
    if (!eligible(row)) continue;
    const cells = counters[scores.subject[row]];
    const student = scores.student[row];
    const school = scores.school[row];
    const order = priorOrderOf(row);
    const model = order === 0 ? undefined : (solved[modelSlot(scores.grade[row], scores.subject[row], order)] ?? solved[modelSlot(scores.grade[row], scores.subject[row], 1)]);
    if (!model) {
      cells.add('withoutPriors', student, school);
      continue;
    }
    // The fallback one-prior-year model reads the first two priors only.
    const residual = scores.scaleScore[row] - predict(model, priors, 0);
    residuals[row] = residual;
    cells.add('scores', student, school);
    cells.add('residualSum', student, school, residual);
    cells.add('residualSquares', student, school, residual * residual);
  }

  const values = SUBJECTS.flatMap((subject, code) => growthValues(`growth-${subject}`, counters[code], districtSimpleAverageAbove));
  const modelReports = grades.flatMap((grade) =>
    SUBJECTS.flatMap((subject, code) =>
      ([1, 2] as const).map((priorYears): ExpectedScoreModel => {
        const slot = modelSlot(grade, code, priorYears);
        return { grade, subject, priorYears, scores: models[slot].count, coefficients: solved[slot] ? Array.from(solved[slot]) : null };
      }),
    ),
  );
  return { values, models: modelReports, residuals };
}

function growthValues(indicator: string, counters: CellCounters<'scores' | 'residualSum' | 'residualSquares' | 'withoutPriors'>, districtSimpleAverageAbove: number): IndicatorValue[] {
  const n = counters.counter('scores');
  const sum = counters.counter('residualSum');
  const squares = counters.counter('residualSquares');
  const cellsWithValues = counters.cellsWithAny(['scores', 'withoutPriors']);
  // One EBLP block per level and group: a school's English learners shrink toward English learners' mean, and so on.
  const blocks = new Map<string, number[]>();
  for (const cell of cellsWithValues) {
    const { level } = levelAndGroup(counters, cell);
    const key = `${level}/${cell % GROUP_COUNT}`;
    if (!blocks.has(key)) blocks.set(key, []);
    blocks.get(key)!.push(cell);
  }
  const estimateOf = new Map<number, { value: number | null; estimate: 'weighted' | 'simple' }>();
  for (const cells of blocks.values()) {
    const fit = fitEblp(cells.map((cell) => ({ n: n[cell], sum: sum[cell], sumOfSquares: squares[cell] })));
    cells.forEach((cell, at) => {
      const { level, group } = levelAndGroup(counters, cell);
      const simple = level === 'state' || (level === 'district' && group !== 'all' && n[cell] > districtSimpleAverageAbove);
      if (n[cell] === 0) estimateOf.set(cell, { value: null, estimate: simple ? 'simple' : 'weighted' });
      else estimateOf.set(cell, simple ? { value: sum[cell] / n[cell], estimate: 'simple' } : { value: fit.estimates[at], estimate: 'weighted' });
    });
  }
  return cellsWithValues.map((cell) => {
    const { inputs, ...where } = counters.describe(cell);
    const { value, estimate } = estimateOf.get(cell)!;
    return { indicator, ...where, kind: 'mean', numerator: sum[cell], denominator: n[cell], value, estimate, inputs: { scores: inputs.scores, withoutPriors: inputs.withoutPriors } };
  });
}

function levelAndGroup(counters: CellCounters<string>, cell: number): { level: Level; group: (typeof STUDENT_GROUPS)[number] } {
  return { level: counters.layout.levelOf(Math.floor(cell / GROUP_COUNT)), group: STUDENT_GROUPS[cell % GROUP_COUNT] };
}
