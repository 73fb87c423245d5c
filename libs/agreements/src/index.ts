export { AgreementRegistry } from './agreement-registry';
export { PolicyDecisions } from './policy-decisions';
export type { PolicyQuestion, RecordedDecision } from './policy-decisions';
