import { CELLS_PER_FACT, CellCounters, rateValues, type IndicatorValue, type SchoolDirectory } from '../cells';
import { addMonths, dayOfYear, isoDate, quarterOfDay } from '../dates';
import { RowsByStudent, studentCount } from '../rows-by-student';
import { ValuesByCell } from '../statistics/medians';
import type { GroupColumns } from '../student-groups';

/** A high school's graduates of a year: the regular-diploma graduates, each with the day they left. */
export interface HighSchoolGraduates {
  student: Int32Array;
  school: Int32Array;
  exitDay: Int32Array;
}

/** Postsecondary enrolment spells (an institution's term enrolments, or National Student Clearinghouse records): begin and end days, end −1 while open. */
export interface PostsecondaryEnrolments {
  student: Int32Array;
  beginDay: Int32Array;
  endDay: Int32Array;
}

/** Postsecondary credentials awarded (certificate, associate, bachelor's…). */
export interface PostsecondaryCredentials {
  student: Int32Array;
  awardDay: Int32Array;
}

/** Unemployment-insurance wage records: a student's wages from all employers in a quarter (dates.ts quarterIndex), one row per student and quarter. */
export interface QuarterlyWages {
  student: Int32Array;
  quarter: Int32Array;
  wages: Float64Array;
}

export interface AfterHighSchoolOptions {
  /** How far each source reaches: outcomes after it cannot be known yet, so such graduates are left out (counted as notYetObservable). */
  observedThrough: { postsecondaryDay: number; credentialDay: number; wageQuarter: number };
  /** "The first fall": enrolled on or before this day of the fall after leaving ('MM-DD'; unconfirmed, outcomes.md §6). */
  firstFallMonthDay?: string;
  /** Employed in a year after exit: wages in at least this many of its quarters and at least this much in all (KYSTATS "qualifying employment"). */
  employment?: { minimumQuarters: number; minimumWages: number };
}

const COUNTERS = ['graduates', 'withOutcome', 'notYetObservable'] as const;
const RATES = ['postsecondary-first-fall', 'postsecondary-16-months', 'credential-6-years', 'employed-year-1', 'employed-year-5'] as const;
const WAGE_YEARS = [1, 5] as const;

interface Windows {
  firstFall: number;
  sixteenMonths: number;
  sixYears: number;
  /** The first full quarter after exit. */
  firstQuarter: number;
}

/**
 * What happens to a high school's graduates (outcomes.md §6, feedback reports as Kentucky's and
 * Washington's): enrolled in postsecondary by the first fall and within 16 months of leaving; a
 * postsecondary credential within 6 years; employed in year 1 and year 5 after exit (year k = the
 * four quarters from the first full quarter after exit + 4(k − 1)), and the median quarterly wage
 * of those employed (each student's wages in the year ÷ their quarters with wages). Students leaving
 * the state's records (out-of-state college or work, federal or self-employment) count as not
 * enrolled or not employed: these rates are floors.
 */
export function afterHighSchool(
  graduates: HighSchoolGraduates,
  enrolments: PostsecondaryEnrolments,
  credentials: PostsecondaryCredentials,
  wages: QuarterlyWages,
  groups: GroupColumns,
  directory: SchoolDirectory,
  options: AfterHighSchoolOptions,
): IndicatorValue[] {
  const { observedThrough, firstFallMonthDay = '10-31', employment = { minimumQuarters: 2, minimumWages: 3000 } } = options;
  const students = studentCount(graduates.student, enrolments.student, credentials.student, wages.student);
  const spells = new RowsByStudent(enrolments.student, students);
  const awards = new RowsByStudent(credentials.student, students);
  const earnings = new RowsByStudent(wages.student, students);
  const counters = RATES.map(() => new CellCounters(directory, COUNTERS, groups));
  const medians = WAGE_YEARS.map(() => new ValuesByCell(counters[0].layout.cells, graduates.student.length * CELLS_PER_FACT));
  const cellBuffer = new Int32Array(CELLS_PER_FACT);
  const windowsOf = new Map<number, Windows>();

  const enrolledBetween = (student: number, from: number, to: number) => {
    for (let at = spells.offsets[student]; at < spells.offsets[student + 1]; at++) {
      const row = spells.rows[at];
      if (enrolments.beginDay[row] <= to && (enrolments.endDay[row] === -1 || enrolments.endDay[row] >= from)) return true;
    }
    return false;
  };
  const awardedBetween = (student: number, from: number, to: number) => {
    for (let at = awards.offsets[student]; at < awards.offsets[student + 1]; at++) {
      const day = credentials.awardDay[awards.rows[at]];
      if (day > from && day <= to) return true;
    }
    return false;
  };

  for (let row = 0; row < graduates.student.length; row++) {
    const student = graduates.student[row];
    const school = graduates.school[row];
    const exit = graduates.exitDay[row];
    let windows = windowsOf.get(exit);
    if (!windows) {
      const year = Number(isoDate(exit).slice(0, 4));
      const fallThisYear = dayOfYear(year, firstFallMonthDay);
      windows = {
        firstFall: exit <= fallThisYear ? fallThisYear : dayOfYear(year + 1, firstFallMonthDay),
        sixteenMonths: addMonths(exit, 16),
        sixYears: addMonths(exit, 72),
        firstQuarter: quarterOfDay(exit) + 1,
      };
      windowsOf.set(exit, windows);
    }
    const outcome = (which: number, observable: boolean, happened: () => boolean) => {
      const cells = counters[which];
      if (!observable) return cells.add('notYetObservable', student, school);
      cells.add('graduates', student, school);
      if (happened()) cells.add('withOutcome', student, school);
    };
    outcome(0, observedThrough.postsecondaryDay >= windows.firstFall, () => enrolledBetween(student, exit, windows.firstFall));
    outcome(1, observedThrough.postsecondaryDay >= windows.sixteenMonths, () => enrolledBetween(student, exit, windows.sixteenMonths));
    outcome(2, observedThrough.credentialDay >= windows.sixYears, () => awardedBetween(student, exit, windows.sixYears));
    WAGE_YEARS.forEach((year, index) => {
      const from = windows.firstQuarter + 4 * (year - 1);
      const to = from + 3;
      let total = 0;
      let quarters = 0;
      for (let at = earnings.offsets[student]; at < earnings.offsets[student + 1]; at++) {
        const wageRow = earnings.rows[at];
        if (wages.quarter[wageRow] < from || wages.quarter[wageRow] > to || !(wages.wages[wageRow] > 0)) continue;
        total += wages.wages[wageRow];
        quarters++;
      }
      const employed = quarters >= employment.minimumQuarters && total >= employment.minimumWages;
      outcome(3 + index, observedThrough.wageQuarter >= to, () => employed);
      if (observedThrough.wageQuarter >= to && employed) {
        const count = counters[3 + index].cellsOf(student, school, cellBuffer);
        for (let at = 0; at < count; at++) medians[index].add(cellBuffer[at], total / quarters);
      }
    });
  }

  const rates = RATES.flatMap((indicator, index) => rateValues(indicator, counters[index], 'withOutcome', 'graduates'));
  const wageValues = WAGE_YEARS.flatMap((year, index) => {
    const employedCounters = counters[3 + index];
    return [...medians[index].medians()].map(([cell, { median, count }]): IndicatorValue => {
      const { inputs, ...where } = employedCounters.describe(cell);
      return {
        indicator: `median-quarterly-wage-year-${year}`,
        ...where,
        kind: 'median',
        numerator: null,
        denominator: count,
        value: median,
        inputs: { employed: inputs.withOutcome, graduates: inputs.graduates },
      };
    });
  });
  return [...rates, ...wageValues];
}
