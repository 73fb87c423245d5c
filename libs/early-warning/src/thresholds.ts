import { LanternError, LanternErrorCode } from '@lantern/errors';

/**
 * When each ABC indicator flags a student, as a district sets it. The defaults follow the
 * early-warning research (see README.md): chronic absence at 10 % of enrolled days, one
 * suspension or two other discipline actions, a failing ELA or mathematics grade or two failing grades.
 */
export interface EarlyWarningThresholds {
  /** Attendance: flagged when absent days reach this share of enrolled days (0.10 = 10 %). */
  chronicAbsenceRate: number;
  /** Attendance is judged only once a student has been enrolled this many school days (a rate of a few days says little). */
  minimumEnrolledDays: number;
  /** Behaviour: flagged at this many suspensions or expulsions. */
  suspensions: number;
  /** Behaviour: flagged at this many other discipline actions (office referrals, detentions, removals). */
  otherDisciplineActions: number;
  /** Course performance: flagged at this many failing course grades, whatever the course. */
  failingCourses: number;
  /** Course performance: flagged at any failing grade in a course whose local code starts with one of these (ELA and mathematics). */
  coreCoursePrefixes: string[];
  /** A numeric grade below this fails (a letter grade of F fails whatever the number). */
  passingNumericGrade: number;
}

export const DEFAULT_THRESHOLDS: EarlyWarningThresholds = {
  chronicAbsenceRate: 0.1,
  minimumEnrolledDays: 10,
  suspensions: 1,
  otherDisciplineActions: 2,
  failingCourses: 2,
  coreCoursePrefixes: ['ELA', 'ENG', 'MATH', 'ALG', 'GEOM'],
  passingNumericGrade: 60,
};

const WHOLE_LIMITS = { minimumEnrolledDays: [1, 200], suspensions: [1, 50], otherDisciplineActions: [1, 50], failingCourses: [1, 20], passingNumericGrade: [1, 100] } as const;

/** Checked thresholds, or InvalidRequest naming every problem: what a district's PUT must pass. */
export function parseThresholds(input: unknown): EarlyWarningThresholds {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new LanternError(LanternErrorCode.InvalidRequest, 'thresholds must be a JSON object');
  const value = input as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_THRESHOLDS));
  for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`${key} is not a threshold`);
  for (const key of known) if (!(key in value)) problems.push(`${key} is required`);
  const rate = value.chronicAbsenceRate;
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) problems.push('chronicAbsenceRate must be a number above 0 and at most 1');
  for (const [key, [low, high]] of Object.entries(WHOLE_LIMITS)) {
    const whole = value[key];
    if (!Number.isInteger(whole) || (whole as number) < low || (whole as number) > high) problems.push(`${key} must be a whole number from ${low} to ${high}`);
  }
  const prefixes = value.coreCoursePrefixes;
  if (!Array.isArray(prefixes) || prefixes.length > 50 || prefixes.some((prefix) => typeof prefix !== 'string' || !/^[A-Za-z0-9-]{1,20}$/.test(prefix))) {
    problems.push('coreCoursePrefixes must be up to 50 course-code prefixes of 1 to 20 letters, digits or hyphens');
  }
  if (problems.length > 0) throw new LanternError(LanternErrorCode.InvalidRequest, `thresholds: ${problems.join('; ')}`);
  return {
    chronicAbsenceRate: rate as number,
    minimumEnrolledDays: value.minimumEnrolledDays as number,
    suspensions: value.suspensions as number,
    otherDisciplineActions: value.otherDisciplineActions as number,
    failingCourses: value.failingCourses as number,
    coreCoursePrefixes: [...new Set((prefixes as string[]).map((prefix) => prefix.toUpperCase()))],
    passingNumericGrade: value.passingNumericGrade as number,
  };
}
