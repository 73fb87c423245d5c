import type { AgreementRegistry } from '@lantern/agreements';
import { type AgreementTerms, type Principal, PURPOSES, requiredApprovers, Role } from '@lantern/governance';

export const UNIVERSITY = 'univ-policy-lab';
export const STATE_EDUCATION = 'sea-state-education';
const DAY = 86_400_000;

export const steward: Principal = { clientId: 'steward-console', role: Role.Steward, organizationId: 'sea', authenticatedBy: 'client-secret' };

/** A statewide research agreement from the state education agency to the university, in force from yesterday for a year; k and minimum cell size 11. */
export function statewideResearchTerms(overrides: Partial<AgreementTerms> = {}): AgreementTerms {
  return {
    title: 'School mobility and achievement',
    parties: [
      { organizationId: STATE_EDUCATION, roles: ['contributor'] },
      { organizationId: UNIVERSITY, roles: ['recipient'] },
    ],
    purpose: { code: PURPOSES.research, description: 'Growth of the same students across years and schools' },
    legalBases: [{ kind: 'ferpa-studies' }],
    elements: [],
    population: { kind: 'statewide' },
    linkagePermitted: true,
    outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
    effectiveDate: new Date(Date.now() - DAY).toISOString(),
    expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    destroyBy: new Date(Date.now() + 400 * DAY).toISOString(),
    ...overrides,
  };
}

/** Drafts the terms and records every required approval, as the steward: the agreement's id, in force. */
export async function approvedAgreement(agreements: AgreementRegistry, terms: AgreementTerms): Promise<string> {
  const agreement = await agreements.draft(terms, steward.clientId);
  for (const organizationId of requiredApprovers(terms)) await agreements.approve(agreement.id, 1, organizationId, steward.clientId);
  return agreement.id;
}
