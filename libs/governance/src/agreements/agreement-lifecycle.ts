import { LanternError, LanternErrorCode } from '@lantern/errors';
import { requiredApprovers, type Agreement, type AgreementTerms, type AgreementVersion, type Approval, type LifecycleEvent, type LifecycleEventKind } from './agreement';
import { assertConsistentTerms, disclosureFloorProblems } from './agreement-terms';
import { lifecycleAt, versionState } from './agreement-status';

/** What one transition adds to the history; the store persists exactly this and nothing else. */
export type AgreementChange =
  | { kind: 'drafted'; version: AgreementVersion }
  | { kind: 'amended'; version: AgreementVersion }
  | { kind: 'approved'; version: number; approval: Approval }
  | { kind: LifecycleEventKind; event: LifecycleEvent };

export interface Transition {
  agreement: Agreement;
  change: AgreementChange;
}

/** Who does it and when; `by` is the acting client. */
export interface Actor {
  by: string;
  at: Date;
}

function refuse(detail: string): never {
  throw new LanternError(LanternErrorCode.Conflict, detail);
}

/**
 * The state's disclosure floor (a deployment setting, so the registry passes it in) refuses
 * terms below it when drafted, amended or approved: a floor raised later stops approvals too.
 */
function assertAboveFloor(terms: AgreementTerms, disclosureFloor: number | undefined): void {
  const problems = disclosureFloor === undefined ? [] : disclosureFloorProblems(terms, disclosureFloor);
  if (problems.length > 0) throw new LanternError(LanternErrorCode.InvalidRequest, `agreement terms: ${problems.join('; ')}`);
}

function newVersion(version: number, terms: AgreementTerms, actor: Actor, disclosureFloor: number | undefined): AgreementVersion {
  assertConsistentTerms(terms);
  assertAboveFloor(terms, disclosureFloor);
  return { version, terms, draftedAt: actor.at.toISOString(), draftedBy: actor.by, approvals: [] };
}

export function draftAgreement(id: string, terms: AgreementTerms, actor: Actor, disclosureFloor?: number): Transition {
  const version = newVersion(1, terms, actor, disclosureFloor);
  return { agreement: { id, versions: [version], lifecycle: [] }, change: { kind: 'drafted', version } };
}

/** A new version with its own approvals; the version in force stays in force until the new one applies. */
export function amendAgreement(agreement: Agreement, terms: AgreementTerms, actor: Actor, disclosureFloor?: number): Transition {
  if (lifecycleAt(agreement, actor.at).terminated) refuse('the agreement is terminated; draft a new agreement instead');
  const version = newVersion(agreement.versions.length + 1, terms, actor, disclosureFloor);
  return { agreement: { ...agreement, versions: [...agreement.versions, version] }, change: { kind: 'amended', version } };
}

/** Records one contributor's or approver's approval of the newest version. */
export function approveVersion(agreement: Agreement, versionNumber: number, organizationId: string, actor: Actor, disclosureFloor?: number): Transition {
  const version = agreement.versions.find((candidate) => candidate.version === versionNumber);
  if (!version) throw new LanternError(LanternErrorCode.RecordNotFound, `the agreement has no version ${versionNumber}`);
  const newest = agreement.versions[agreement.versions.length - 1];
  if (version !== newest) refuse(`version ${versionNumber} has been amended; approve version ${newest.version}`);
  const { status } = versionState(agreement, version, actor.at);
  if (status === 'terminated' || status === 'expired') refuse(`version ${versionNumber} is ${status}`);
  if (!requiredApprovers(version.terms).includes(organizationId)) {
    throw new LanternError(LanternErrorCode.InvalidRequest, `organisation ${organizationId} is not a contributor or approver of version ${versionNumber}`);
  }
  if (version.approvals.some((approval) => approval.organizationId === organizationId)) refuse(`organisation ${organizationId} has already approved version ${versionNumber}`);
  assertAboveFloor(version.terms, disclosureFloor);

  const approval: Approval = { organizationId, approvedAt: actor.at.toISOString(), approvedBy: actor.by };
  const approved = { ...version, approvals: [...version.approvals, approval] };
  return {
    agreement: { ...agreement, versions: agreement.versions.map((candidate) => (candidate === version ? approved : candidate)) },
    change: { kind: 'approved', version: versionNumber, approval },
  };
}

/** Stops every disclosure under the agreement until it is reinstated. */
export function suspendAgreement(agreement: Agreement, reason: string, actor: Actor): Transition {
  const { terminated, suspended } = lifecycleAt(agreement, actor.at);
  if (terminated) refuse('the agreement is terminated');
  if (suspended) refuse('the agreement is already suspended');
  return withEvent(agreement, 'suspended', reason, actor);
}

export function reinstateAgreement(agreement: Agreement, reason: string, actor: Actor): Transition {
  const { terminated, suspended } = lifecycleAt(agreement, actor.at);
  if (terminated) refuse('the agreement is terminated');
  if (!suspended) refuse('the agreement is not suspended');
  return withEvent(agreement, 'reinstated', reason, actor);
}

/** Final: a terminated agreement is never amended, approved or reinstated again. */
export function terminateAgreement(agreement: Agreement, reason: string, actor: Actor): Transition {
  if (lifecycleAt(agreement, actor.at).terminated) refuse('the agreement is already terminated');
  return withEvent(agreement, 'terminated', reason, actor);
}

function withEvent(agreement: Agreement, kind: LifecycleEventKind, reason: string, actor: Actor): Transition {
  const event: LifecycleEvent = { kind, at: actor.at.toISOString(), by: actor.by, reason };
  return { agreement: { ...agreement, lifecycle: [...agreement.lifecycle, event] }, change: { kind, event } };
}
