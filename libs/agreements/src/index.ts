export { AgreementRegistry } from './agreement-registry';
export { PolicyDecisions } from './policy-decisions';
export type { PendingDecision, PolicyQuestion, RecordedDecision } from './policy-decisions';
export { AgreementStore, versionKey } from './agreement-store';
