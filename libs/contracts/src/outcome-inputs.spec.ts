import { ContractRegistry } from './contract-registry';
import { parseMessage, type ParsedMessage } from './parse-message';
import { messageBytes, withValueAt } from './testing/records';

// The inputs of the public outcome indicators (issue 14): what the new and extended contracts refuse.
const registry = ContractRegistry.load();
const parse = (contract: string, pointer: string, replacement: unknown): ParsedMessage => {
  const example = registry.readExample(registry.contract(contract));
  return parseMessage(messageBytes({ ...example, record: withValueAt(example.record, pointer, replacement) }), registry, { maxBytes: 64 * 1024 });
};

describe('the outcome input contracts refuse', () => {
  it.each([
    ['a calendar day without its kind', 'edfi.calendarDate', '/calendarEvents', [], '/record/calendarEvents must NOT have fewer than 1 items'],
    ['a calendar day on no real date', 'edfi.calendarDate', '/date', '2025-02-30', '/record/date must match format "date"'],
    ['a discipline action with an incident narrative', 'edfi.disciplineAction', '/incidentDescription', 'text', '/record/incidentDescription is not allowed: the contract has no such field'],
    ['a discipline action without its school', 'edfi.disciplineAction', '/responsibilitySchoolReference', undefined, '/record/responsibilitySchoolReference is required'],
    ['a grade with a diagnostic statement', 'edfi.grade', '/diagnosticStatement', 'text', '/record/diagnosticStatement is not allowed: the contract has no such field'],
    ['an expenditure from a fund source ESSA does not name', 'hub.schoolExpenditure', '/fundSource', 'county', '/record/fundSource must be one of'],
    ['a negative expenditure', 'hub.schoolExpenditure', '/amount', -5, '/record/amount must be >= 0'],
    ['an expenditure without its district', 'hub.schoolExpenditure', '/localEducationAgencyReference', undefined, '/record/localEducationAgencyReference is required'],
    ['a plan goal tied to no hub indicator', 'hub.schoolPlan', '/goals/0/indicator', 'test-scores', '/record/goals/0/indicator must be one of'],
    ['a plan goal for the unpublished not-reported group', 'hub.schoolPlan', '/goals/0/studentGroup', 'race:not-reported', '/record/goals/0/studentGroup must be one of'],
    ['a plan goal without a target', 'hub.schoolPlan', '/goals/1/target', undefined, '/record/goals/1/target is required'],
    ['an exit documented as text', 'edfi.studentSchoolAssociation', '/exitWithdrawDocumented', 'yes', '/record/exitWithdrawDocumented must be boolean'],
  ])('%s', (_case, contract, pointer, replacement, message) => {
    expect(parse(contract, pointer, replacement)).toMatchObject({ kind: 'rejected', stage: 'schema', message: expect.stringContaining(message) });
  });

  it('a grade whose grading period and section are at different schools (Ed-Fi key unification)', () => {
    expect(parse('edfi.grade', '/studentSectionAssociationReference/schoolId', 255901107)).toMatchObject({
      kind: 'rejected',
      errorPath: '/record/studentSectionAssociationReference/schoolId',
    });
  });
});

describe('the outcome input contracts accept', () => {
  it('enrolments from producers still on StudentSchoolAssociation 1.0.0, and a documented exit from 1.1.0', () => {
    const example = registry.readExample(registry.contract('edfi.studentSchoolAssociation'));
    const exited = { ...example.record, exitWithdrawDate: '2025-01-31', exitWithdrawTypeDescriptor: 'uri://ed-fi.org/ExitWithdrawTypeDescriptor#Transferred', exitWithdrawDocumented: true };
    const parseEnvelope = (envelope: object) => parseMessage(messageBytes(envelope), registry, { maxBytes: 64 * 1024 });
    expect(parseEnvelope({ ...example, contractVersion: '1.0.0' }).kind).toBe('accepted');
    expect(parseEnvelope({ ...example, record: exited }).kind).toBe('accepted');
  });

  it("a district's central costs, named on the district itself", () => {
    expect(parse('hub.schoolExpenditure', '/educationOrganizationReference/educationOrganizationId', 255901).kind).toBe('accepted');
  });

  it('references the school and district an expenditure concerns, for parking and the producer check', () => {
    const example = registry.readExample(registry.contract('hub.schoolExpenditure'));
    expect(registry.referencesOf('hub.schoolExpenditure', example.record).map(({ name, naturalKey }) => [name, naturalKey])).toEqual([
      ['educationOrganization', '[255901001]'],
      ['localEducationAgency', '[255901]'],
    ]);
  });
});
