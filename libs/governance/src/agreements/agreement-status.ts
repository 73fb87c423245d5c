import { requiredApprovers, type Agreement, type AgreementVersion } from './agreement';

/**
 * Where a version stands at a moment. `superseded` joins the five DSA states because an
 * amendment that applies replaces the version before it without rewriting it.
 */
export type AgreementStatus = 'draft' | 'active' | 'suspended' | 'expired' | 'terminated' | 'superseded';

export interface VersionState {
  status: AgreementStatus;
  /** Contributors and approvers whose approval is still missing. */
  awaitingApprovals: string[];
  /** Once every approval is in: when the version applies (its effective date, or the last approval if later). */
  appliesFrom: string | null;
}

const time = (instant: string) => Date.parse(instant);

/** Suspension and termination as of `at`, from the lifecycle events up to then. */
export function lifecycleAt(agreement: Agreement, at: Date): { suspended: boolean; terminated: boolean } {
  let suspended = false;
  let terminated = false;
  for (const event of agreement.lifecycle) {
    if (time(event.at) > at.getTime()) break;
    if (event.kind === 'terminated') terminated = true;
    else suspended = event.kind === 'suspended';
  }
  return { suspended, terminated };
}

function approvalsAt(version: AgreementVersion, at: Date) {
  const given = version.approvals.filter((approval) => time(approval.approvedAt) <= at.getTime());
  const approved = new Set(given.map((approval) => approval.organizationId));
  const awaiting = requiredApprovers(version.terms).filter((organizationId) => !approved.has(organizationId));
  const lastApproval = Math.max(...given.map((approval) => time(approval.approvedAt)), Number.NEGATIVE_INFINITY);
  return { awaiting, lastApproval };
}

/** When the version applies: null while approvals are missing at `at`. */
function appliesFrom(version: AgreementVersion, at: Date): number | null {
  const { awaiting, lastApproval } = approvalsAt(version, at);
  return awaiting.length > 0 ? null : Math.max(time(version.terms.effectiveDate), lastApproval);
}

export function versionState(agreement: Agreement, version: AgreementVersion, at: Date): VersionState {
  const now = at.getTime();
  const { awaiting } = approvalsAt(version, at);
  const from = appliesFrom(version, at);
  const state = (status: AgreementStatus): VersionState => ({
    status,
    awaitingApprovals: awaiting,
    appliesFrom: from === null ? null : new Date(from).toISOString(),
  });
  const lifecycle = lifecycleAt(agreement, at);
  if (lifecycle.terminated) return state('terminated');
  const replaced = agreement.versions.some((later) => {
    if (later.version <= version.version) return false;
    const laterFrom = appliesFrom(later, at);
    return laterFrom !== null && laterFrom <= now;
  });
  if (replaced) return state('superseded');
  if (now >= time(version.terms.expiresAt)) return state('expired');
  if (from === null || now < from) return state('draft');
  return state(lifecycle.suspended ? 'suspended' : 'active');
}

/** The version in force at `at`, if any. */
export function activeVersion(agreement: Agreement, at: Date): AgreementVersion | undefined {
  return agreement.versions.find((version) => versionState(agreement, version, at).status === 'active');
}

/**
 * The version that speaks for the agreement at `at`: the one that applies (active or
 * suspended), else the newest. Used to explain a refusal and to show the agreement.
 */
export function currentVersion(agreement: Agreement, at: Date): AgreementVersion {
  const applying = agreement.versions.find((version) => ['active', 'suspended'].includes(versionState(agreement, version, at).status));
  return applying ?? agreement.versions[agreement.versions.length - 1];
}
