import { LanternErrorCode } from '@lantern/errors';
import { researchTerms } from '../testing/agreements';
import { linkAcrossExtractsOf } from './agreement';
import { parseAgreementTerms } from './agreement-terms';

const problemsIn = (input: unknown): string => {
  try {
    parseAgreementTerms(input);
  } catch (error) {
    expect(error).toMatchObject({ code: LanternErrorCode.InvalidRequest });
    return (error as Error).message;
  }
  throw new Error('expected the terms to be refused');
};

describe('parseAgreementTerms', () => {
  it('accepts complete terms and normalises instants to UTC', () => {
    const terms = parseAgreementTerms({ ...researchTerms(), effectiveDate: '2025-12-31T19:00:00-05:00' });
    expect(terms.effectiveDate).toBe('2026-01-01T00:00:00.000Z');
    expect(terms.elements).toEqual(researchTerms().elements);
  });

  it('names every shape problem at once', () => {
    const message = problemsIn({ ...researchTerms(), purpose: { code: 'Research!' }, outputRules: { dataLevel: 'record', minimumCellSize: 0, k: 5 }, extra: true });
    expect(message).toContain('/purpose must have required property');
    expect(message).toContain('/purpose/code must match pattern');
    expect(message).toContain('/outputRules/minimumCellSize must be >= 1');
    expect(message).toContain('must NOT have additional properties');
  });

  it('links a project’s extracts only when the output rules say so, with a boolean', () => {
    const rules = researchTerms().outputRules;
    expect(linkAcrossExtractsOf(parseAgreementTerms(researchTerms()).outputRules)).toBe(false);
    expect(linkAcrossExtractsOf(parseAgreementTerms({ ...researchTerms(), outputRules: { ...rules, linkAcrossExtracts: true } }).outputRules)).toBe(true);
    expect(linkAcrossExtractsOf(parseAgreementTerms({ ...researchTerms(), outputRules: { ...rules, linkAcrossExtracts: false } }).outputRules)).toBe(false);
    expect(problemsIn({ ...researchTerms(), outputRules: { ...rules, linkAcrossExtracts: 'yes' } })).toContain('/outputRules/linkAcrossExtracts must be boolean');
  });

  it('keeps a Handle with Care notice lifetime in school days, for handle-with-care agreements only', () => {
    const handleWithCare = { ...researchTerms(), purpose: { code: 'handle-with-care', description: 'Notices to schools' }, careNoticeSchoolDays: 5 };
    expect(parseAgreementTerms(handleWithCare).careNoticeSchoolDays).toBe(5);
    expect(problemsIn({ ...researchTerms(), careNoticeSchoolDays: 5 })).toContain('careNoticeSchoolDays applies only to purpose handle-with-care');
    expect(problemsIn({ ...handleWithCare, careNoticeSchoolDays: 0 })).toContain('/careNoticeSchoolDays must be >= 1');
  });

  it('refuses an unknown legal basis, granularity or population', () => {
    expect(problemsIn({ ...researchTerms(), legalBases: [{ kind: 'because' }] })).toContain('/legalBases/0/kind must be equal to one of the allowed values');
    expect(problemsIn({ ...researchTerms(), elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'decade' }] })).toContain('/elements/0/granularity');
    expect(problemsIn({ ...researchTerms(), population: { kind: 'research-cohort' } })).toContain('/population');
    expect(problemsIn({ ...researchTerms(), population: { kind: 'cohort', criteria: { districts: [255901] } } })).toContain("/population/criteria must have required property 'sectors'");
    expect(problemsIn({ ...researchTerms(), population: { kind: 'cohort', criteria: { sectors: ['health'] } } })).toContain(
      '/population/criteria/sectors/0 must be equal to one of the allowed values',
    );
  });

  it('refuses a bare research-cohort label in new terms: the hub can check only criteria', () => {
    expect(problemsIn({ ...researchTerms(), population: { kind: 'research-cohort', cohortId: 'cohort-2026-foster' } })).toContain(
      'population research-cohort cohort-2026-foster is a bare label the hub cannot check: define the cohort by criteria (kind "cohort")',
    );
  });

  it.each([
    ['dates out of order', { destroyBy: '2026-06-01T00:00:00Z' }, 'destroyBy must not be before expiresAt'],
    [
      'no recipient',
      {
        parties: [
          { organizationId: 'a', roles: ['contributor'] },
          { organizationId: 'b', roles: ['approver'] },
        ],
      },
      'at least one party must be a recipient',
    ],
    [
      'no contributor',
      {
        parties: [
          { organizationId: 'a', roles: ['recipient'] },
          { organizationId: 'b', roles: ['approver'] },
        ],
      },
      'at least one party must be a contributor',
    ],
    [
      'a party twice',
      {
        parties: [
          { organizationId: 'a', roles: ['contributor'] },
          { organizationId: 'a', roles: ['recipient'] },
        ],
      },
      'listed as a party once',
    ],
    [
      'clients for a non-recipient',
      {
        parties: [
          { organizationId: 'a', roles: ['contributor'], authorizedClients: ['c'] },
          { organizationId: 'b', roles: ['recipient'] },
        ],
      },
      'lists authorizedClients but is not a recipient',
    ],
    [
      'an element twice',
      {
        elements: [
          { domain: 'edfi.student', element: 'sex', granularity: 'as-recorded' },
          { domain: 'edfi.student', element: 'sex', granularity: 'as-recorded' },
        ],
      },
      'elements listed more than once: edfi.student.sex',
    ],
    ['a statute without citation', { legalBases: [{ kind: 'state-statute' }] }, 'needs its citation'],
    [
      'Part 2 data without Part 2 consent',
      { elements: [{ domain: 'partner.serviceParticipation', element: 'serviceTypeDescriptor', granularity: 'as-recorded', protection: '42-cfr-part-2' }] },
      'name 42-cfr-part-2-consent',
    ],
    [
      'health data without a HIPAA basis',
      { elements: [{ domain: 'partner.serviceParticipation', element: 'serviceTypeDescriptor', granularity: 'as-recorded', protection: 'hipaa' }] },
      'name a HIPAA legal basis',
    ],
  ])('refuses %s', (_case, overrides, expected) => {
    expect(problemsIn({ ...researchTerms(), ...overrides })).toContain(expected);
  });

  it('accepts protected elements when the matching legal basis is named', () => {
    const terms = parseAgreementTerms({
      ...researchTerms(),
      legalBases: [{ kind: 'ferpa-studies' }, { kind: '42-cfr-part-2-consent' }, { kind: 'state-statute', citation: 'KRS 151B.134' }],
      elements: [{ domain: 'partner.serviceParticipation', element: 'serviceTypeDescriptor', granularity: 'as-recorded', protection: '42-cfr-part-2' }],
    });
    expect(terms.legalBases).toHaveLength(3);
  });
});
