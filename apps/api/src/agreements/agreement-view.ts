import { currentVersion, isParty, Role, versionState, type Agreement, type Principal } from '@lantern/governance';

/**
 * An agreement as the API shows it at one moment: each version with its state, plus the
 * lifecycle. A party that is not a steward sees only the versions it is party to.
 */
export function agreementView(agreement: Agreement, at: Date, viewer: Principal) {
  const visible = viewer.role === Role.Steward ? agreement.versions : agreement.versions.filter((version) => isParty(version.terms, viewer.organizationId));
  const current = currentVersion(agreement, at);
  return {
    id: agreement.id,
    status: versionState(agreement, current, at).status,
    currentVersion: current.version,
    versions: visible.map((version) => ({ ...version, ...versionState(agreement, version, at) })),
    lifecycle: agreement.lifecycle,
  };
}

/** Whether the viewer may know the agreement exists: stewards, and organisations party to any version. */
export function mayView(agreement: Agreement, viewer: Principal): boolean {
  return viewer.role === Role.Steward || agreement.versions.some((version) => isParty(version.terms, viewer.organizationId));
}
