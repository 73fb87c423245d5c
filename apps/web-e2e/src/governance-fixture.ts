// What the steward's governance pages need that the browser cannot make: a disclosure in the
// record of disclosures. An agreement in force lets a research lab receive birth years of Grand
// Bend students; the policy decision point allows one extract, and it is recorded as disclosed.
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { disclosureUnder, parseAgreementTerms, PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import type { DataSource } from 'typeorm';
import { CONSOLE_PEOPLE } from './console-fixture';
import { DISTRICTS } from './directory-fixture';

const DAY = 86_400_000;

/** The lab that received the disclosure, the client it received it through, and the students in it (statewide ids as the hub assigns them). */
export const GOVERNANCE_DISCLOSURE = {
  agreementTitle: 'Grand Bend attendance and birth-year study',
  organizationId: 'e2e-governance-lab',
  clientId: 'e2e-governance-lab-extracts',
  students: ['E2E-GOV-SID-1', 'E2E-GOV-SID-2'],
} as const;

export async function seedGovernanceDisclosure(dataSource: DataSource): Promise<void> {
  const auditLog = new AuditLog(dataSource);
  const agreements = new AgreementRegistry(dataSource, auditLog);
  const steward = CONSOLE_PEOPLE.steward.subject;
  const contributor = CONSOLE_PEOPLE.steward.organizationId;
  const population = { kind: 'cohort' as const, criteria: { sectors: ['k12' as const], districts: [DISTRICTS.grandBend.localEducationAgencyId] } };
  const agreement = await agreements.draft(
    parseAgreementTerms({
      title: GOVERNANCE_DISCLOSURE.agreementTitle,
      parties: [
        { organizationId: contributor, roles: ['contributor'] },
        { organizationId: GOVERNANCE_DISCLOSURE.organizationId, roles: ['recipient'] },
      ],
      purpose: { code: PURPOSES.research, description: 'Whether age at entry relates to attendance' },
      legalBases: [{ kind: 'ferpa-studies' }],
      elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }],
      population,
      linkagePermitted: false,
      outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
      effectiveDate: new Date(Date.now() - DAY).toISOString(),
      expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
      destroyBy: new Date(Date.now() + 455 * DAY).toISOString(),
    }),
    steward,
  );
  await agreements.approve(agreement.id, 1, contributor, steward);

  const principal = { clientId: GOVERNANCE_DISCLOSURE.clientId, role: Role.Researcher, organizationId: GOVERNANCE_DISCLOSURE.organizationId, authenticatedBy: 'client-secret' as const };
  const decisions = new PolicyDecisions(agreements, auditLog, createJsonLogger('governance-fixture', 'error'));
  const decision = await decisions.decide({ principal, purpose: PURPOSES.research, requestedElements: [{ domain: 'edfi.student', element: 'birthDate' }], population });
  if (decision.decision !== 'allow') throw new Error(`governance fixture: the extract was denied: ${decision.reasons.join('; ')}`);
  await new DisclosureLog(dataSource, auditLog).record(disclosureUnder(decision, { principal, students: [...GOVERNANCE_DISCLOSURE.students], at: new Date() }));
}
