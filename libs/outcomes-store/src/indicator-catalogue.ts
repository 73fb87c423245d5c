import { DEFAULT_PUBLIC_MINIMUM_N, DEFAULT_RATE_CODING } from '@lantern/disclosure-control';
import type { ValueKind } from '@lantern/outcomes';

export interface IndicatorDefinition {
  id: string;
  title: string;
  /** What the number means, in plain words, with the definition it follows (docs/outcomes.md). */
  definition: string;
  unit: 'proportion' | 'scale-score points' | 'percentile' | 'US dollars';
  kind: ValueKind;
  /** Whether each student counts in one school only, so schools add up to districts (all but chronic absenteeism). */
  schoolsAddUp: boolean;
}

const rate = (id: string, title: string, definition: string, schoolsAddUp = true): IndicatorDefinition => ({ id, title, definition, unit: 'proportion', kind: 'rate', schoolsAddUp });

/** Every indicator the outcomes job publishes: the public data dictionary (GET /public/indicators). */
export const INDICATORS: readonly IndicatorDefinition[] = [
  ...(['ela', 'math'] as const).flatMap((subject): IndicatorDefinition[] => {
    const name = subject === 'ela' ? 'English language arts' : 'mathematics';
    return [
      {
        id: `growth-${subject}`,
        title: `Academic growth in ${name} (residual gain)`,
        definition:
          `How much more (or less) students scored in ${name} than students statewide with the same prior-year ELA and math scores (California's residual-gain model, grades 4–8); ` +
          'schools and small groups get an EBLP-weighted average. 0 = typical growth. Growth compares the same students over time, unlike proficiency.',
        unit: 'scale-score points',
        kind: 'mean',
        schoolsAddUp: true,
      },
      {
        id: `median-sgp-${subject}`,
        title: `Median student growth percentile in ${name}`,
        definition: `The middle student growth percentile (1–99) in ${name}: each student's current score ranked among students statewide with similar prior scores. 50 = typical growth.`,
        unit: 'percentile',
        kind: 'median',
        schoolsAddUp: true,
      },
    ];
  }),
  rate(
    'graduation-4-year',
    '4-year adjusted cohort graduation rate',
    'Students of the cohort that first entered 9th grade four years before who earned a regular diploma by the end of the fourth year; transfers in join, documented transfers out leave (ESEA 8101(23)).',
  ),
  rate('graduation-5-year', '5-year adjusted cohort graduation rate', 'The same cohort, five years after it first entered 9th grade (ESEA 8101(25)).'),
  rate(
    'chronic-absenteeism',
    'Chronic absenteeism rate',
    'Students enrolled at least 31 instructional days who were absent on at least 10 % of the days they were enrolled (California Dashboard). A student may count at two schools.',
    false,
  ),
  rate(
    'postsecondary-first-fall',
    'Enrolled in college the first fall',
    "The school's regular-diploma graduates of the year enrolled in a state postsecondary institution by 31 October after leaving. Out-of-state enrolment is missing: a floor.",
  ),
  rate('postsecondary-16-months', 'Enrolled in college within 16 months', 'Graduates enrolled in a state postsecondary institution within 16 months of leaving high school.'),
  rate('credential-6-years', 'Postsecondary credential within 6 years', 'Graduates who earned a certificate or degree from a state institution within 6 years of leaving.'),
  rate('employed-year-1', 'Employed in the first year', 'Graduates with state unemployment-insurance wages in at least 2 quarters and at least $3,000 in the first year after leaving.'),
  rate('employed-year-5', 'Employed in the fifth year', 'The same, in the fifth year after leaving.'),
  ...([1, 5] as const).map((year): IndicatorDefinition => ({
    id: `median-quarterly-wage-year-${year}`,
    title: `Median quarterly wage in year ${year}`,
    definition: `Among graduates employed in year ${year} after leaving: the median of their wages in the year divided by their quarters with wages.`,
    unit: 'US dollars',
    kind: 'median',
    schoolsAddUp: true,
  })),
  ...(
    [
      ['ppe-total', 'all funds'],
      ['ppe-federal', 'federal funds'],
      ['ppe-state-local', 'state and local funds'],
    ] as const
  ).map(([id, funds]): IndicatorDefinition => ({
    id,
    title: `Per-pupil expenditure, ${funds}`,
    definition: `Spending from ${funds} per enrolled student (ESSA 1111(h)(1)(C)(x)): the school's own expenditures plus its share of district central costs by enrolment; capital outlay and debt service excluded.`,
    unit: 'US dollars',
    kind: 'amount',
    schoolsAddUp: true,
  })),
];

export const INDICATOR_IDS: ReadonlySet<string> = new Set(INDICATORS.map(({ id }) => id));

/** The public disclosure rules, as the data dictionary states them. */
export const DISCLOSURE_RULES = {
  minimumN: DEFAULT_PUBLIC_MINIMUM_N,
  rateCoding: DEFAULT_RATE_CODING,
  reasons: {
    'below-minimum-n': `Fewer than ${DEFAULT_PUBLIC_MINIMUM_N} students: neither the number of students nor the value is shown.`,
    complementary: 'Withheld so that a withheld number cannot be worked out from a published total.',
    'complementary-value': 'The number of students is shown, the value is withheld, so that a withheld or coded rate cannot be worked out.',
    'top-coded': 'The rate is at or above the top of its band and is shown as "at least" that bound.',
    'bottom-coded': 'The rate is at or below the bottom of its band and is shown as "at most" that bound.',
  },
  groups: 'Sex and race/ethnicity "not reported" are never published; they exist so that each dimension adds up to all students.',
} as const;
