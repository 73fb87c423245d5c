export { AgreementRegistry } from './agreement-registry';
export { PolicyDecisions } from './policy-decisions';
export type { PendingDecision, PolicyCheck, PolicyQuestion, RecordedDecision } from './policy-decisions';
export { AgreementStore, versionKey } from './agreement-store';
