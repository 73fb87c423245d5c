// Outcomes for the public: indicator definitions over plain per-student facts (docs/outcomes.md;
// ../shared/reference/outcomes.md). Pure and synchronous: the outcomes job reads one snapshot,
// fills these typed columns, calls the functions, and passes each indicator's table through
// disclosure control (publicTableOf → protectPublicTable) before anything is published.

export { STUDENT_GROUPS, GROUP_COUNT, SEX_CODES, RACE_CODES, GROUP_FLAGS, PARTITIONS, UNPUBLISHED_GROUPS, emptyGroupColumns, groupsOf } from './student-groups';
export type { StudentGroup, GroupColumns } from './student-groups';
export { STATE_ENTITY, CellLayout } from './cells';
export type { SchoolDirectory, Level, ValueKind, IndicatorValue } from './cells';
export { dayNumber, isoDate, dayOfYear, addMonths, quarterIndex, quarterOfDay } from './dates';

export { SUBJECTS, SUBJECT_CODES, GROWTH_GRADES } from './growth/scale-scores';
export type { Subject, ScaleScores } from './growth/scale-scores';
export { residualGain } from './growth/residual-gain';
export type { ResidualGainOptions, ResidualGainResult, ExpectedScoreModel } from './growth/residual-gain';
export { fitEblp } from './growth/eblp';
export type { ResidualUnit, EblpFit } from './growth/eblp';
export { DEFAULT_SGP_MINIMUM_COHORT, growthPercentiles } from './growth/growth-percentiles';
export type { GrowthPercentileOptions, GrowthPercentileResult } from './growth/growth-percentiles';

export { graduationRates, schoolYearOf, EXIT_TYPES, DIPLOMA_TYPES } from './graduation/adjusted-cohort';
export type { SchoolEnrolments, Diplomas, GraduationOptions } from './graduation/adjusted-cohort';

export { chronicAbsence, enrolledInstructionalDays, countsAsAbsent, ATTENDANCE_CATEGORIES } from './attendance/chronic-absence';
export type { AttendanceDays, ChronicAbsenceOptions } from './attendance/chronic-absence';

export { afterHighSchool } from './after-high-school/after-high-school';
export type { HighSchoolGraduates, PostsecondaryEnrolments, PostsecondaryCredentials, QuarterlyWages, AfterHighSchoolOptions } from './after-high-school/after-high-school';

export { perPupilExpenditures, DEFAULT_EXCLUDED_CATEGORIES } from './spending/per-pupil-expenditure';
export type { Expenditure, ExpenditureCategory, FundSource, SchoolEnrolment, PerPupilOptions } from './spending/per-pupil-expenditure';

export { planProgress } from './plans/plan-progress';
export type { PlanGoal, GoalStatus, GoalProgress, PublishedIndicatorValue } from './plans/plan-progress';

export { publicTableOf, cellKey } from './public-tables';
export type { PublicTableOptions } from './public-tables';
