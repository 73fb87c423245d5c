import { activeVersion, type Agreement, partyInRole, PURPOSES } from '@lantern/governance';

/**
 * Whether an agency may send Handle with Care flags at `at`: an agreement in force for the
 * purpose names it as a contributor. Asked before anything about the child is looked up, so an
 * agency without one learns nothing about any child and makes the hub record nothing.
 */
export function mayIssueCareFlags(agreements: readonly Agreement[], agencyId: string, at: Date): boolean {
  return agreements.some((agreement) => {
    const version = activeVersion(agreement, at);
    return version?.terms.purpose.code === PURPOSES.handleWithCare && partyInRole(version.terms, agencyId, 'contributor') !== undefined;
  });
}
