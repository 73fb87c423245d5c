import { CELLS_PER_FACT, CellCounters, type IndicatorValue, type SchoolDirectory } from '../cells';
import { LeastSquares, predict } from '../statistics/least-squares';
import type { GroupColumns } from '../student-groups';
import { GROWTH_GRADES, SUBJECTS, ScoreIndex, scoreRows, type ScaleScores } from './scale-scores';

export interface GrowthPercentileOptions {
  schoolYear: number;
  grades?: readonly number[];
  /** Prior years of the same subject used at most (the SGP package's orders). */
  maxPriorYears?: 1 | 2;
  /** A grade × subject × order cohort smaller than this gets no SGPs ("Insufficient N"; sgp.cohort.size). */
  minimumCohort?: number;
  /** Students compared with one another: neighbours in prior achievement, at least this many. */
  neighbourhood?: number;
}

export interface GrowthPercentileResult {
  values: IndicatorValue[];
  /** Per input row: the SGP (1–99), 0 where the row has none. */
  percentiles: Uint8Array;
}

const TAUS = 100;

/**
 * The SGP package's `sgp.cohort.size` is a setting whose value a state chooses (outcomes.md §2
 * names no number); 500 is ours until the state confirms its own, so it is configuration
 * (LANTERN_SGP_MINIMUM_COHORT), not code.
 */
export const DEFAULT_SGP_MINIMUM_COHORT = 500;

/**
 * Student growth percentiles and their medians (outcomes.md §2), simplified. The SGP package fits
 * 100 linear quantile regressions (τ = 0.005 … 0.995) of the current score on a cubic B-spline of
 * each prior score, per grade × subject cohort, and counts how many predicted quantiles lie below
 * the student's score (0 → 1, 100 → 99). We estimate the same conditional quantiles directly:
 * students of a cohort are ordered by their prior achievement (the prior score itself with one
 * prior year; with two, the least-squares prediction from both, a single index) and cut into
 * neighbourhoods of at least `neighbourhood` students with similar priors; the 100 quantiles of the
 * current score within a student's neighbourhood stand in for the regression's predicted
 * quantiles, and the count below the student's score gives the SGP as the package does. This
 * conditions on prior achievement as a step function rather than a smooth spline, so SGPs of
 * students at a neighbourhood's edge are compared with slightly higher or lower starting points;
 * it needs no linear-programming solver and runs in O(n log n). Each student takes the highest
 * order their history allows where that cohort is large enough. Groups get the median SGP, never the mean.
 */
export function growthPercentiles(scores: ScaleScores, groups: GroupColumns, directory: SchoolDirectory, options: GrowthPercentileOptions): GrowthPercentileResult {
  const { schoolYear, grades = GROWTH_GRADES, maxPriorYears = 2, minimumCohort = DEFAULT_SGP_MINIMUM_COHORT, neighbourhood = 100 } = options;
  const index = new ScoreIndex(scores);
  const rows = scoreRows(scores);
  const percentiles = new Uint8Array(rows);
  const priorsOf = (row: number, order: number, out: Float64Array): boolean => {
    for (let back = 1; back <= order; back++) {
      out[back - 1] = index.score(scores.student[row], schoolYear - back, scores.subject[row]);
      if (Number.isNaN(out[back - 1])) return false;
    }
    return true;
  };

  // Cohorts: rows by grade × subject, each student placed at the highest order with enough peers.
  const priors = new Float64Array(2);
  for (const grade of grades) {
    for (let subject = 0; subject < SUBJECTS.length; subject++) {
      const cohortRows: number[] = [];
      for (let row = 0; row < rows; row++) if (scores.schoolYear[row] === schoolYear && scores.grade[row] === grade && scores.subject[row] === subject) cohortRows.push(row);
      let remaining = cohortRows;
      for (let order = maxPriorYears; order >= 1; order--) {
        const withOrder = remaining.filter((row) => priorsOf(row, order, priors));
        if (withOrder.length >= minimumCohort) {
          assignPercentiles(withOrder, order, scores, priorsOf, neighbourhood, percentiles);
          const placed = new Set(withOrder);
          remaining = remaining.filter((row) => !placed.has(row));
        }
      }
    }
  }

  const counters = SUBJECTS.map(() => new CellCounters(directory, ['scores', 'withPercentile'] as const, groups));
  // Medians from a histogram of SGPs 1–99 per cell: a constant amount of work per student.
  const histograms = SUBJECTS.map(() => new Int32Array(counters[0].layout.cells * TAUS));
  const inGrades = new Set(grades);
  const cellBuffer = new Int32Array(CELLS_PER_FACT);
  for (let row = 0; row < rows; row++) {
    if (scores.schoolYear[row] !== schoolYear || !inGrades.has(scores.grade[row])) continue;
    const cells = counters[scores.subject[row]];
    cells.add('scores', scores.student[row], scores.school[row]);
    if (percentiles[row] === 0) continue;
    cells.add('withPercentile', scores.student[row], scores.school[row]);
    const histogram = histograms[scores.subject[row]];
    const count = cells.cellsOf(scores.student[row], scores.school[row], cellBuffer);
    for (let at = 0; at < count; at++) histogram[cellBuffer[at] * TAUS + percentiles[row]]++;
  }
  const values = SUBJECTS.flatMap((subject, code) =>
    counters[code].cellsWithAny().map((cell): IndicatorValue => {
      const { inputs, ...where } = counters[code].describe(cell);
      return { indicator: `median-sgp-${subject}`, ...where, kind: 'median', numerator: null, denominator: inputs.withPercentile, value: histogramMedian(histograms[code], cell), inputs };
    }),
  );
  return { values, percentiles };
}

function assignPercentiles(
  rows: number[],
  order: number,
  scores: ScaleScores,
  priorsOf: (row: number, order: number, out: Float64Array) => boolean,
  neighbourhood: number,
  percentiles: Uint8Array,
) {
  const priors = new Float64Array(order);
  // The prior-achievement index: the prior score itself, or the least-squares prediction from all priors.
  const model = new LeastSquares(order);
  if (order > 1) {
    for (const row of rows) if (priorsOf(row, order, priors)) model.add(priors, 0, scores.scaleScore[row]);
  }
  const coefficients = order > 1 ? model.solve() : undefined;
  const achievement = new Float64Array(rows.length);
  rows.forEach((row, at) => {
    priorsOf(row, order, priors);
    achievement[at] = coefficients ? predict(coefficients, priors, 0) : priors[0];
  });
  const byAchievement = Int32Array.from(rows.keys()).sort((a, b) => achievement[a] - achievement[b]);

  const quantiles = new Float64Array(TAUS);
  for (let start = 0; start < byAchievement.length;) {
    let end = Math.min(start + neighbourhood, byAchievement.length);
    // Students with the same prior achievement share a neighbourhood; a short last one joins its predecessor.
    while (end < byAchievement.length && achievement[byAchievement[end]] === achievement[byAchievement[end - 1]]) end++;
    if (byAchievement.length - end < neighbourhood) end = byAchievement.length;
    const current = Float64Array.from({ length: end - start }, (_, at) => scores.scaleScore[rows[byAchievement[start + at]]]).sort();
    for (let tau = 0; tau < TAUS; tau++) quantiles[tau] = quantileOfSorted(current, (tau + 0.5) / TAUS);
    for (let at = start; at < end; at++) {
      const row = rows[byAchievement[at]];
      const below = countBelow(quantiles, scores.scaleScore[row]);
      percentiles[row] = Math.min(99, Math.max(1, below));
    }
    start = end;
  }
}

/** Hyndman–Fan type 7 (R's default): linear interpolation between order statistics. */
function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

/** How many of the sorted quantiles lie strictly below the value (binary search). */
function countBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The median of a cell's SGPs (the mean of the middle two for an even count, as R's median), or null. */
function histogramMedian(histogram: Int32Array, cell: number): number | null {
  const base = cell * TAUS;
  let count = 0;
  for (let percentile = 1; percentile < TAUS; percentile++) count += histogram[base + percentile];
  if (count === 0) return null;
  const nth = (rank: number) => {
    let seen = 0;
    for (let percentile = 1; percentile < TAUS; percentile++) {
      seen += histogram[base + percentile];
      if (seen > rank) return percentile;
    }
    return TAUS - 1;
  };
  return count % 2 === 1 ? nth((count - 1) / 2) : (nth(count / 2 - 1) + nth(count / 2)) / 2;
}
