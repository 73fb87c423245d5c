import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI shapes of the public indicators (components in /docs); the values come from
// libs/outcomes-store's released runs, and these classes only describe them.

export class PublicIndicatorValue {
  @ApiProperty({ example: 'graduation-4-year', description: 'Indicator id (GET /public/indicators lists them)' })
  indicator!: string;

  @ApiProperty({ example: 2025, description: 'School year, named by its spring (2025 = 2024–25)' })
  schoolYear!: number;

  @ApiProperty({ enum: ['school', 'district', 'state'], example: 'school' })
  level!: string;

  @ApiProperty({ example: '255901001', description: 'Ed-Fi SchoolId or LocalEducationAgencyId; "state" for the state' })
  organisationId!: string;

  @ApiProperty({ example: 'all', description: 'Student group: all, sex:…, race:…, english-learner, students-with-disabilities, economically-disadvantaged, foster-youth, homeless' })
  group!: string;

  @ApiProperty({ enum: ['rate', 'mean', 'median', 'amount'], example: 'rate' })
  kind!: string;

  @ApiProperty({ example: 212, nullable: true, type: Number, description: 'Students (or scores) the value is from; null when withheld' })
  n!: number | null;

  @ApiProperty({ example: 0.873, nullable: true, type: Number, description: 'Rates as proportions (0–1). Null when withheld or when there is none; for a coded rate, its bound' })
  value!: number | null;

  // null among the values too: OpenAPI 3.0 allows a nullable enum only the values it lists.
  @ApiProperty({ enum: ['at-least', 'at-most', null], nullable: true, example: null, description: 'A coded rate: the true value is at least (or at most) `value`' })
  coded!: string | null;

  @ApiProperty({
    enum: ['below-minimum-n', 'complementary', 'complementary-value', 'top-coded', 'bottom-coded', null],
    nullable: true,
    example: null,
    description: 'Why n or the value is not shown as computed (the data dictionary explains each)',
  })
  reason!: string | null;
}

export class PublicPlanGoalPoint {
  @ApiProperty({ example: 2023 })
  schoolYear!: number;

  @ApiProperty({ example: 0.8 })
  value!: number;
}

export class PublicPlanGoalLatest {
  @ApiProperty({ example: 2025 })
  schoolYear!: number;

  @ApiPropertyOptional({ example: 0.84, description: 'The published value; absent when withheld' })
  value?: number;

  @ApiPropertyOptional({ example: true, description: 'Present (true) when the value is withheld or coded' })
  withheld?: boolean;
}

export class PublicPlanGoal {
  @ApiProperty({ example: 'grad-2026' })
  goalId!: string;

  @ApiProperty({ example: 'graduation-4-year' })
  indicator!: string;

  @ApiProperty({ example: 'all' })
  group!: string;

  @ApiProperty({ type: PublicPlanGoalPoint })
  baseline!: PublicPlanGoalPoint;

  @ApiProperty({ type: PublicPlanGoalPoint })
  target!: PublicPlanGoalPoint;

  @ApiProperty({ enum: ['increase', 'decrease'], example: 'increase' })
  direction!: string;

  @ApiProperty({ type: PublicPlanGoalLatest, nullable: true, description: 'The latest published value after the baseline, or { schoolYear, withheld: true }; null when there is none' })
  latest!: PublicPlanGoalLatest | null;

  @ApiProperty({ enum: ['met', 'on-track', 'behind', 'withheld', 'no-data'], example: 'on-track' })
  status!: string;
}

export class PublicOrganisationIndicators {
  @ApiProperty({ enum: ['school', 'district', 'state'], example: 'school' })
  level!: string;

  @ApiProperty({ example: '255901001', description: 'The school or district id; "state" for the state' })
  organisationId!: string;

  @ApiProperty({ example: 2025, nullable: true, type: Number, description: 'The released school year shown; null when nothing is released yet' })
  schoolYear!: number | null;

  @ApiProperty({ type: [PublicIndicatorValue] })
  values!: PublicIndicatorValue[];

  @ApiPropertyOptional({ type: [PublicPlanGoal], description: "Schools only: the school plan's goals and their progress" })
  planGoals?: PublicPlanGoal[];
}

export class PublicIndicatorTable {
  @ApiProperty({ example: 'graduation-4-year' })
  indicator!: string;

  @ApiProperty({ enum: ['school', 'district', 'state'], example: 'school' })
  level!: string;

  @ApiProperty({ example: 2025, nullable: true, type: Number })
  schoolYear!: number | null;

  @ApiProperty({ type: [PublicIndicatorValue] })
  values!: PublicIndicatorValue[];
}

export class IndicatorDefinitionSchema {
  @ApiProperty({ example: 'chronic-absenteeism' })
  id!: string;

  @ApiProperty({ example: 'Chronic absenteeism rate' })
  title!: string;

  @ApiProperty({ example: 'Students enrolled at least 31 instructional days who were absent on at least 10 % of the days they were enrolled.' })
  definition!: string;

  @ApiProperty({ enum: ['proportion', 'scale-score points', 'percentile', 'US dollars'], example: 'proportion' })
  unit!: string;

  @ApiProperty({ enum: ['rate', 'mean', 'median', 'amount'], example: 'rate' })
  kind!: string;
}

export class RateCodingBandSchema {
  @ApiProperty({ example: 11, description: 'The band applies from this n' })
  fromN!: number;

  @ApiProperty({ example: 0.95 })
  top!: number;

  @ApiProperty({ example: 0.05 })
  bottom!: number;
}

export class DisclosureRulesSchema {
  @ApiProperty({ example: 11, description: 'No count or rate from fewer students is published' })
  minimumN!: number;

  @ApiProperty({ type: [RateCodingBandSchema] })
  rateCoding!: RateCodingBandSchema[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'below-minimum-n': 'Fewer than 11 students: neither the number of students nor the value is shown.' },
    description: 'What each reason means',
  })
  reasons!: Record<string, string>;

  @ApiProperty({ example: 'Sex and race/ethnicity "not reported" are never published.' })
  groups!: string;
}

export class IndicatorDictionary {
  @ApiProperty({ type: [IndicatorDefinitionSchema] })
  indicators!: IndicatorDefinitionSchema[];

  @ApiProperty({ type: DisclosureRulesSchema })
  disclosureRules!: DisclosureRulesSchema;

  @ApiProperty({ example: [2025, 2024], type: [Number], description: 'School years with released values, newest first' })
  releasedYears!: number[];
}
