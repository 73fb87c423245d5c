import type { StudentGroup } from '../student-groups';

/** A school plan's goal (California's SPSA): one hub indicator for one group, from a baseline to a target. */
export interface PlanGoal {
  schoolId: string;
  goalId: string;
  indicator: string;
  group: StudentGroup;
  baseline: { schoolYear: number; value: number };
  target: { schoolYear: number; value: number };
  /** Whether the goal is to raise the indicator (graduation) or lower it (chronic absenteeism). */
  direction: 'increase' | 'decrease';
}

/**
 * A published value of an indicator: a number, or withheld by disclosure control. Progress uses
 * published values only, so a status never reveals a value the public tables withhold.
 */
export type PublishedIndicatorValue = { schoolYear: number; value: number } | { schoolYear: number; withheld: true };

/**
 * met: the latest value reached the target. on-track: at or beyond the straight line from baseline
 * to target for the latest year. behind: short of it. withheld: the latest value is not published.
 * no-data: nothing published after the baseline year.
 */
export type GoalStatus = 'met' | 'on-track' | 'behind' | 'withheld' | 'no-data';

export interface GoalProgress {
  goal: PlanGoal;
  latest: PublishedIndicatorValue | null;
  status: GoalStatus;
}

/**
 * Each goal's latest published value (the latest year after the baseline, up to the target year)
 * and its status. `published` answers for one school, indicator and group, all years.
 */
export function planProgress(goals: readonly PlanGoal[], published: (schoolId: string, indicator: string, group: StudentGroup) => readonly PublishedIndicatorValue[]): GoalProgress[] {
  return goals.map((goal) => {
    const candidates = published(goal.schoolId, goal.indicator, goal.group).filter(({ schoolYear }) => schoolYear > goal.baseline.schoolYear && schoolYear <= goal.target.schoolYear);
    const latest = candidates.reduce<PublishedIndicatorValue | null>((best, value) => (best === null || value.schoolYear > best.schoolYear ? value : best), null);
    return { goal, latest, status: statusOf(goal, latest) };
  });
}

function statusOf(goal: PlanGoal, latest: PublishedIndicatorValue | null): GoalStatus {
  if (latest === null) return 'no-data';
  if ('withheld' in latest) return 'withheld';
  const sign = goal.direction === 'increase' ? 1 : -1;
  const beyond = (value: number, mark: number) => sign * (value - mark) >= 0;
  if (beyond(latest.value, goal.target.value)) return 'met';
  const span = goal.target.schoolYear - goal.baseline.schoolYear;
  const share = span > 0 ? (latest.schoolYear - goal.baseline.schoolYear) / span : 1;
  const expected = goal.baseline.value + share * (goal.target.value - goal.baseline.value);
  return beyond(latest.value, expected) ? 'on-track' : 'behind';
}
