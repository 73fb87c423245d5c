/** Subjects by code in ScaleScores.subject. */
export const SUBJECTS = ['ela', 'math'] as const;
export type Subject = (typeof SUBJECTS)[number];
export const SUBJECT_CODES = { ela: 0, math: 1 } as const;

/**
 * Summative scale scores, one row per student, school year and subject (Ed-Fi StudentAssessment:
 * scoreResults with assessmentReportingMethod "Scale score", of the state's summative assessment
 * only; outcomes.md §1 excludes alternate and local tests). Columns are aligned by row.
 */
export interface ScaleScores {
  student: Int32Array;
  /** The school the score is attributed to (the school of enrolment at testing). */
  school: Int32Array;
  schoolYear: Int16Array;
  grade: Int8Array;
  subject: Uint8Array;
  scaleScore: Float64Array;
}

export function scoreRows(scores: ScaleScores): number {
  return scores.student.length;
}

/**
 * Every student's score by school year and subject, in one dense array (NaN = none): the prior
 * scores of a row are two array reads. 8 bytes × students × years × subjects.
 */
export class ScoreIndex {
  private readonly scores: Float64Array;
  private readonly firstYear: number;
  private readonly years: number;

  constructor(columns: ScaleScores) {
    const rows = scoreRows(columns);
    let students = 0;
    let firstYear = Infinity;
    let lastYear = -Infinity;
    for (let row = 0; row < rows; row++) {
      students = Math.max(students, columns.student[row] + 1);
      firstYear = Math.min(firstYear, columns.schoolYear[row]);
      lastYear = Math.max(lastYear, columns.schoolYear[row]);
    }
    this.firstYear = rows > 0 ? firstYear : 0;
    this.years = rows > 0 ? lastYear - firstYear + 1 : 0;
    this.scores = new Float64Array(students * this.years * SUBJECTS.length).fill(NaN);
    for (let row = 0; row < rows; row++) this.scores[this.slot(columns.student[row], columns.schoolYear[row], columns.subject[row])] = columns.scaleScore[row];
  }

  /** The student's score, or NaN. */
  score(student: number, schoolYear: number, subject: number): number {
    const year = schoolYear - this.firstYear;
    if (year < 0 || year >= this.years) return NaN;
    return this.scores[this.slot(student, schoolYear, subject)];
  }

  private slot(student: number, schoolYear: number, subject: number): number {
    return (student * this.years + (schoolYear - this.firstYear)) * SUBJECTS.length + subject;
  }
}

/** Grades the California growth model covers (outcomes.md §1: Smarter Balanced grades 4–8). */
export const GROWTH_GRADES: readonly number[] = [4, 5, 6, 7, 8];
