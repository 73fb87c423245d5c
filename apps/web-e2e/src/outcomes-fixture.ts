// A released outcomes run for the browser tests: a few of one middle school's indicator values as
// the outcomes job stores them (computed, and published after disclosure control), including a
// group below the minimum n, its complementary suppression and a top-coded rate, and a plan goal;
// a few values of two more schools (to compare) and of its district and the state.
// Stored and released through libs/outcomes-store's own interface (IndicatorStore), as a steward's
// release stores them; the job itself is tested in libs/outcomes-store.
import type { PublishedCell } from '@lantern/disclosure-control';
import type { StudentGroup } from '@lantern/outcomes';
import type { IndicatorStore } from '@lantern/outcomes-store';
import { DISTRICTS, SCHOOLS } from './directory-fixture';

type ComputedRun = Parameters<IndicatorStore['saveRun']>[0];

export const OUTCOMES_YEAR = 2025;
/** An earlier released year, for the year chooser. */
export const EARLIER_YEAR = 2024;
const SCHOOL = String(SCHOOLS.riversideMiddle.schoolId);

/** Whose value it is. */
type Organisation = Pick<ComputedRun['values'][number]['value'], 'level' | 'entity'>;
const RIVERSIDE_MIDDLE: Organisation = { level: 'school', entity: SCHOOL };
const LAKEVIEW: Organisation = { level: 'school', entity: String(SCHOOLS.lakeviewElementary.schoolId) };
const NORTHGATE: Organisation = { level: 'school', entity: String(SCHOOLS.northgateAcademy.schoolId) };
const RIVERSIDE: Organisation = { level: 'district', entity: String(DISTRICTS.riverside.localEducationAgencyId) };
const STATE: Organisation = { level: 'state', entity: 'state' };

type Kind = 'rate' | 'mean' | 'median' | 'amount';
type Published = { value: number } | { atLeast: number } | { withheld: 'below-minimum-n' | 'complementary' };

/** One value (the middle school's unless another organisation is named): n and the computed value, and what disclosure control published. */
function value(
  indicator: string,
  kind: Kind,
  group: StudentGroup,
  n: number,
  computed: number,
  published: Published = { value: computed },
  { level, entity }: Organisation = RIVERSIDE_MIDDLE,
): ComputedRun['values'][number] {
  const cell: PublishedCell =
    'withheld' in published
      ? { key: `${indicator}/${group}`, n: '*', value: '*', kind, reason: published.withheld }
      : 'atLeast' in published
        ? { key: `${indicator}/${group}`, n, value: { atLeast: published.atLeast }, kind, reason: 'top-coded' }
        : { key: `${indicator}/${group}`, n, value: published.value, kind };
  return {
    value: {
      indicator,
      level,
      entity,
      group,
      kind,
      numerator: kind === 'rate' ? Math.round(computed * n) : null,
      denominator: n,
      value: computed,
      inputs: {},
    },
    published: cell,
  };
}

/** What the pages show for these values (English), for the tests to look for. */
export const SHOWN = {
  growthAllEla: '+3.2',
  withheldFewer: 'Withheld: fewer than 11 students',
  withheldComplementary: 'Withheld so that another withheld number cannot be worked out',
  topCoded: '≥ 95%',
  growthAllElaEarlier: '+2.1',
  districtGraduation: '87.3%',
  stateGraduation: '85.1%',
  stateGrowthEla: '+0.4',
  stateChronicAbsence: '15.2%',
  lakeviewChronicAbsence: '9.1%',
  lakeviewSpending: '$11,200',
  northgateGraduation: '91.2%',
  notReleased: 'No number released',
};

/** The year's run; the earlier year's holds one value, so that the page offers a choice of years. */
export function outcomesRun(schoolYear: number): ComputedRun {
  const values =
    schoolYear === EARLIER_YEAR
      ? [value('growth-ela', 'mean', 'all', 231, 2.1)]
      : [
          value('growth-ela', 'mean', 'all', 240, 3.2),
          value('growth-ela', 'mean', 'sex:female', 118, 4.1),
          value('growth-ela', 'mean', 'sex:male', 115, 2.0, { withheld: 'complementary' }),
          value('growth-ela', 'mean', 'sex:nonbinary', 7, 5.3, { withheld: 'below-minimum-n' }),
          value('growth-ela', 'mean', 'english-learner', 36, -1.4),
          value('growth-math', 'mean', 'all', 238, 1.5),
          value('growth-math', 'mean', 'sex:female', 117, 0.9),
          value('growth-math', 'mean', 'sex:male', 114, 2.2, { withheld: 'complementary' }),
          value('growth-math', 'mean', 'sex:nonbinary', 7, 1.1, { withheld: 'below-minimum-n' }),
          value('growth-math', 'mean', 'english-learner', 35, 0.4),
          value('median-sgp-ela', 'median', 'all', 240, 54),
          value('ppe-total', 'amount', 'all', 410, 12480),
          value('ppe-federal', 'amount', 'all', 410, 1630),
          value('ppe-state-local', 'amount', 'all', 410, 10850),
          value('chronic-absenteeism', 'rate', 'all', 412, 0.138),
          value('chronic-absenteeism', 'rate', 'english-learner', 40, 0.2),
          value('chronic-absenteeism', 'rate', 'homeless', 14, 0.964, { atLeast: 0.95 }),
          value('graduation-4-year', 'rate', 'all', 1204, 0.873, undefined, RIVERSIDE),
          value('growth-ela', 'mean', 'all', 2410, 1.1, undefined, RIVERSIDE),
          value('chronic-absenteeism', 'rate', 'all', 160, 0.091, undefined, LAKEVIEW),
          value('ppe-total', 'amount', 'all', 160, 11200, undefined, LAKEVIEW),
          value('graduation-4-year', 'rate', 'all', 180, 0.912, undefined, NORTHGATE),
          value('postsecondary-first-fall', 'rate', 'all', 9, 0.556, { withheld: 'below-minimum-n' }, NORTHGATE),
          value('graduation-4-year', 'rate', 'all', 48210, 0.851, undefined, STATE),
          value('graduation-4-year', 'rate', 'sex:female', 23850, 0.884, undefined, STATE),
          value('graduation-4-year', 'rate', 'sex:nonbinary', 6, 0.833, { withheld: 'below-minimum-n' }, STATE),
          value('growth-ela', 'mean', 'all', 210400, 0.4, undefined, STATE),
          value('chronic-absenteeism', 'rate', 'all', 402000, 0.152, undefined, STATE),
        ];
  return {
    schoolYear,
    snapshotAt: new Date('2025-09-01T00:00:00Z'),
    recordsThrough: '0',
    students: 412,
    inputs: {},
    values,
    goals:
      schoolYear === EARLIER_YEAR
        ? []
        : [
            {
              goal: {
                schoolId: SCHOOL,
                goalId: 'attendance-2026',
                indicator: 'chronic-absenteeism',
                group: 'all',
                baseline: { schoolYear: 2024, value: 0.18 },
                target: { schoolYear: 2026, value: 0.12 },
                direction: 'decrease',
              },
              latest: { schoolYear: 2025, value: 0.138 },
              status: 'on-track',
            },
          ],
    counts: { published: values.filter(({ published }) => published.value !== '*').length, suppressed: values.filter(({ published }) => published.value === '*').length },
  };
}
