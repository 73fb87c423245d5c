import { planProgress, type PlanGoal, type PublishedIndicatorValue } from './plan-progress';

const goal = (goalId: string, direction: 'increase' | 'decrease', baseline: number, target: number): PlanGoal => ({
  schoolId: 'A',
  goalId,
  indicator: goalId,
  group: 'all',
  baseline: { schoolYear: 2023, value: baseline },
  target: { schoolYear: 2027, value: target },
  direction,
});

describe('planProgress', () => {
  const published: Record<string, PublishedIndicatorValue[]> = {
    met: [{ schoolYear: 2025, value: 0.91 }],
    'on-track': [{ schoolYear: 2025, value: 0.86 }],
    behind: [
      { schoolYear: 2024, value: 0.9 },
      { schoolYear: 2025, value: 0.84 },
    ],
    absence: [{ schoolYear: 2025, value: 0.14 }],
    withheld: [{ schoolYear: 2025, withheld: true }],
    'no-data': [{ schoolYear: 2023, value: 0.8 }],
  };
  const progress = planProgress(
    [
      goal('met', 'increase', 0.8, 0.9),
      goal('on-track', 'increase', 0.8, 0.9),
      goal('behind', 'increase', 0.8, 0.9),
      goal('absence', 'decrease', 0.2, 0.1),
      goal('withheld', 'increase', 0.8, 0.9),
      goal('no-data', 'increase', 0.8, 0.9),
    ],
    (_, indicator) => published[indicator] ?? [],
  );

  it('compares the latest published value with the target and with the straight line from the baseline', () => {
    // Halfway (2025 of 2023–2027): the line is at 0.85 for the rises, 0.15 for the fall.
    expect(progress.map(({ goal: { goalId }, status }) => [goalId, status])).toEqual([
      ['met', 'met'],
      ['on-track', 'on-track'],
      ['behind', 'behind'],
      ['absence', 'on-track'],
      ['withheld', 'withheld'],
      ['no-data', 'no-data'],
    ]);
    expect(progress[2].latest).toEqual({ schoolYear: 2025, value: 0.84 });
  });
});
