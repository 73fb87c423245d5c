// The outcomes job and its results (issue 14): runs computed from one snapshot, each indicator
// value as computed and as published, steward releases, and the public's read of released values.

export { INDICATORS, INDICATOR_IDS, DISCLOSURE_RULES } from './indicator-catalogue';
export type { IndicatorDefinition } from './indicator-catalogue';
export { OutcomesJob, DEFAULT_ASSESSMENT_SUBJECTS } from './outcomes-job';
export type { OutcomesJobOptions, OutcomesRunResult } from './outcomes-job';
export { OUTCOMES_SETTINGS } from './outcomes-settings';
export type { OutcomesSettings } from './outcomes-settings';
export { IndicatorStore, OutcomesReleaseError } from './indicator-store';
export type { RunSummary, PublicIndicatorValue, PublicPlanGoal } from './indicator-store';
