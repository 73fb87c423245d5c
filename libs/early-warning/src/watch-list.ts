import { flagsOf, type Indicator, type StudentAssessment } from './indicators';

export interface WatchListEntry extends StudentAssessment {
  flags: Indicator[];
}

export interface WatchListPage {
  /** Flagged students (on `indicator` when given), most flags first, then by name. */
  students: WatchListEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** The flagged students of these assessments, filtered to one indicator when asked, and one page of them (pages count from 1). */
export function watchListPage(assessments: readonly StudentAssessment[], options: { indicator?: Indicator; page: number; pageSize: number }): WatchListPage {
  const listed = watchListOf(assessments, options.indicator);
  const start = (options.page - 1) * options.pageSize;
  return { students: listed.slice(start, start + options.pageSize), total: listed.length, page: options.page, pageSize: options.pageSize };
}

/** Every flagged student (on `indicator` when given), most flags first, then by surname, first name and id. */
export function watchListOf(assessments: readonly StudentAssessment[], indicator?: Indicator): WatchListEntry[] {
  return assessments
    .map((assessment) => ({ ...assessment, flags: flagsOf(assessment) }))
    .filter((entry) => (indicator ? entry.flags.includes(indicator) : entry.flags.length > 0))
    .sort(
      (a, b) =>
        b.flags.length - a.flags.length ||
        (a.lastSurname ?? '').localeCompare(b.lastSurname ?? '') ||
        (a.firstName ?? '').localeCompare(b.firstName ?? '') ||
        a.studentUniqueId.localeCompare(b.studentUniqueId),
    );
}

const CSV_COLUMNS = [
  'schoolId',
  'studentUniqueId',
  'lastSurname',
  'firstName',
  'flags',
  'enrolledDays',
  'absentDays',
  'absenceRate',
  'suspensions',
  'otherDisciplineActions',
  'failingCourses',
  'failingCoreCourses',
  'failingCourseCodes',
] as const;

/** The watch list as CSV (RFC 4180), one row per student with each indicator's counts; the records behind them stay in the JSON view. */
export function watchListCsv(entries: readonly WatchListEntry[]): string {
  const rows = entries.map((entry) => {
    const [attendance, behaviour, courses] = entry.findings;
    return [
      entry.schoolId,
      entry.studentUniqueId,
      entry.lastSurname ?? '',
      entry.firstName ?? '',
      entry.flags.join(' '),
      attendance.enrolledDays,
      attendance.absentDays,
      attendance.absenceRate === null ? '' : attendance.absenceRate.toFixed(3),
      behaviour.suspensions,
      behaviour.otherDisciplineActions,
      courses.failingCourses,
      courses.failingCoreCourses,
      [...new Set(courses.records.map((record) => record.localCourseCode))].join(' '),
    ].map(csvField);
  });
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.join(','))].join('\r\n') + '\r\n';
}

/** A field quoted when it must be; a leading formula character is neutralised so a spreadsheet shows text, never runs it. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
