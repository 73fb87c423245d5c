import { approveVersion, draftAgreement, PURPOSES, requiredApprovers, suspendAgreement, type Agreement, type AgreementTerms } from '@lantern/governance';
import { mayIssueCareFlags } from './flag-issuers';

const SHERIFF = 'county-sheriff';
const DISTRICT = '255950';
const steward = (at: string) => ({ by: 'steward-console', at: new Date(at) });
const JUNE = new Date('2026-06-01T12:00:00Z');

function terms(overrides: Partial<AgreementTerms> = {}): AgreementTerms {
  return {
    title: 'Handle with Care notices from the county sheriff',
    parties: [
      { organizationId: SHERIFF, roles: ['contributor'] },
      { organizationId: DISTRICT, roles: ['recipient'] },
    ],
    purpose: { code: PURPOSES.handleWithCare, description: 'Tell a school that a child may need extra care' },
    legalBases: [{ kind: 'state-statute', citation: 'W. Va. Code 49-5-101' }],
    elements: [{ domain: 'edfi.student', element: 'firstName', granularity: 'as-recorded' }],
    population: { kind: 'enrolled-at-recipient' },
    linkagePermitted: false,
    outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
    effectiveDate: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    destroyBy: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function approved(agreementTerms: AgreementTerms): Agreement {
  let { agreement } = draftAgreement('a1', agreementTerms, steward('2025-12-01T00:00:00Z'));
  for (const organizationId of requiredApprovers(agreementTerms)) agreement = approveVersion(agreement, 1, organizationId, steward('2025-12-02T00:00:00Z')).agreement;
  return agreement;
}

describe('who may send Handle with Care flags', () => {
  it('an agency named as contributor of a handle-with-care agreement in force', () => {
    expect(mayIssueCareFlags([approved(terms())], SHERIFF, JUNE)).toBe(true);
  });

  it('no agency without one: none at all, another purpose, only as recipient, not yet approved, expired or suspended', () => {
    const asRecipient = terms({
      parties: [
        { organizationId: 'state-police', roles: ['contributor'] },
        { organizationId: SHERIFF, roles: ['recipient'] },
      ],
    });
    const research = terms({ purpose: { code: PURPOSES.research, description: 'A study' } });
    const draft = draftAgreement('a2', terms(), steward('2025-12-01T00:00:00Z')).agreement;
    const suspended = suspendAgreement(approved(terms()), 'under review', steward('2026-05-01T00:00:00Z')).agreement;
    expect(mayIssueCareFlags([], SHERIFF, JUNE)).toBe(false);
    expect(mayIssueCareFlags([approved(terms())], 'city-police', JUNE)).toBe(false);
    expect(mayIssueCareFlags([approved(asRecipient)], SHERIFF, JUNE)).toBe(false);
    expect(mayIssueCareFlags([approved(research)], SHERIFF, JUNE)).toBe(false);
    expect(mayIssueCareFlags([draft], SHERIFF, JUNE)).toBe(false);
    expect(mayIssueCareFlags([approved(terms())], SHERIFF, new Date('2027-01-02T00:00:00Z'))).toBe(false);
    expect(mayIssueCareFlags([suspended], SHERIFF, JUNE)).toBe(false);
  });
});
