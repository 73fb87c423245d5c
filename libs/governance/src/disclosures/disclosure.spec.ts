import { approvedAgreement, FOSTER_COHORT, researcher } from '../testing/agreements';
import { decide } from '../policy/decide';
import { disclosureUnder } from './disclosure';

const at = new Date('2026-06-01T00:00:00Z');
const decisionFor = (elements: Array<{ domain: string; element: string }>) => ({
  ...decide({
    principal: researcher,
    purpose: 'research',
    requestedElements: elements,
    population: { kind: 'cohort', criteria: FOSTER_COHORT },
    at,
    agreements: [approvedAgreement('dsa-1')],
  }),
  decisionId: '6f1c1c52-5b7e-4f43-9a51-0a4c7c1f2d10',
});

describe('disclosureUnder', () => {
  it('records recipient, legitimate interest, agreement version, students and the elements as generalised', () => {
    const disclosure = disclosureUnder(decisionFor([{ domain: 'edfi.student', element: 'birthDate' }]), { principal: researcher, students: ['SID-1', 'SID-2', 'SID-1'], at });
    expect(disclosure).toEqual({
      recipient: { organizationId: researcher.organizationId, clientId: researcher.clientId },
      purpose: 'research',
      agreement: { id: 'dsa-1', version: 1 },
      decisionId: '6f1c1c52-5b7e-4f43-9a51-0a4c7c1f2d10',
      students: ['SID-1', 'SID-2'],
      elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }],
      disclosedAt: '2026-06-01T00:00:00.000Z',
    });
  });

  it('cannot be made from a denying decision', () => {
    const denied = decisionFor([{ domain: 'edfi.student', element: 'lastSurname' }]);
    expect(() => disclosureUnder(denied, { principal: researcher, students: ['SID-1'], at })).toThrow('did not allow a disclosure');
  });

  it('names at least one student', () => {
    expect(() => disclosureUnder(decisionFor([{ domain: 'edfi.student', element: 'sex' }]), { principal: researcher, students: [], at })).toThrow('at least one student');
  });
});
