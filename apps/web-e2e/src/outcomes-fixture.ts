// A released outcomes run for the browser tests: a few of one middle school's indicator values as
// the outcomes job stores them (computed, and published after disclosure control), including a
// group below the minimum n, its complementary suppression and a top-coded rate, and a plan goal.
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
const DISTRICT = String(DISTRICTS.riverside.localEducationAgencyId);

type Kind = 'rate' | 'mean' | 'median' | 'amount';
type Published = { value: number } | { atLeast: number } | { withheld: 'below-minimum-n' | 'complementary' };

/** One school value (or the district's): n and the computed value, and what disclosure control published. */
function value(
  indicator: string,
  kind: Kind,
  group: StudentGroup,
  n: number,
  computed: number,
  published: Published = { value: computed },
  level: 'school' | 'district' = 'school',
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
      entity: level === 'school' ? SCHOOL : DISTRICT,
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
          value('graduation-4-year', 'rate', 'all', 1204, 0.873, undefined, 'district'),
          value('growth-ela', 'mean', 'all', 2410, 1.1, undefined, 'district'),
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
