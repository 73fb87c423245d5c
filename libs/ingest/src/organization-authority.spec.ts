import { ContractRegistry } from '@lantern/contracts';
import fc from 'fast-check';
import { organizationRefusal, organizationsOfRecord, type SchoolClaim, schoolsToLookUp } from './organization-authority';
import type { ProducerGrant } from './producing-systems';

const registry = ContractRegistry.default();
const grant: ProducerGrant = { sourceSystems: ['lea-1.sis'], agencyIds: [], educationOrganizationIds: ['100'] };
const enrolmentAt = (schoolId: number) =>
  organizationsOfRecord(registry.contract('edfi.studentSchoolAssociation'), { studentReference: { studentUniqueId: 'S1' }, schoolReference: { schoolId } });
const schoolRecord = (schoolId: number, districtId: number) =>
  organizationsOfRecord(registry.contract('edfi.school'), { schoolId, localEducationAgencyReference: { localEducationAgencyId: districtId } });
const claim = (schoolId: number, sourceSystem: string, districtId: number | null): SchoolClaim => ({
  schoolId: String(schoolId),
  sourceSystem,
  districtId: districtId === null ? null : String(districtId),
});

describe('which districts and schools a producing system may publish about (ADR 0017)', () => {
  it('allows an enrolment at a school its own School record places in its district, and names the field when it refuses', () => {
    expect(organizationRefusal(enrolmentAt(100001), grant, [claim(100001, 'lea-1.sis', 100)])).toBeUndefined();
    expect(organizationRefusal(enrolmentAt(100001), grant, [])).toEqual({ at: '/schoolReference/schoolId', reason: expect.stringContaining('100001') });
    expect(schoolsToLookUp(enrolmentAt(100001), grant)).toEqual(['100001']);
  });

  it('never lets another source’s School record put a school in its district', () => {
    expect(organizationRefusal(enrolmentAt(200001), grant, [claim(200001, 'state-directory', 100)])).toBeDefined();
  });

  it('takes a school into its district only when no other source places it elsewhere, unless a steward listed the school itself', () => {
    expect(organizationRefusal(schoolRecord(100002, 100), grant, [])).toBeUndefined();
    expect(organizationRefusal(schoolRecord(200001, 100), grant, [claim(200001, 'state-directory', 200)])).toEqual({
      at: '/localEducationAgencyReference/localEducationAgencyId',
      reason: expect.stringContaining('district 200'),
    });
    expect(organizationRefusal(schoolRecord(200001, 100), { ...grant, educationOrganizationIds: ['100', '200001'] }, [claim(200001, 'state-directory', 200)])).toBeUndefined();
    expect(organizationRefusal(schoolRecord(300001, 300), grant, [])).toBeDefined();
  });

  it('refuses any record about an organisation it is not registered for, whatever the claims of other sources', () => {
    const otherSource = fc.constantFrom('state-directory', 'lea-2.sis');
    fc.assert(
      fc.property(fc.integer({ min: 101, max: 10_000_000 }), fc.array(fc.tuple(otherSource, fc.option(fc.integer({ min: 1, max: 1000 }))), { maxLength: 4 }), (schoolId, others) => {
        const claims = others.map(([source, district]) => claim(schoolId, source, district));
        expect(organizationRefusal(enrolmentAt(schoolId), grant, claims)).toBeDefined();
      }),
    );
  });

  it('reads the organisations from the catalogue’s references: a record about no school or district is about none', () => {
    expect(organizationsOfRecord(registry.contract('edfi.student'), { studentUniqueId: 'S1' })).toEqual({ contract: 'edfi.student', referenced: [] });
    expect(organizationRefusal(organizationsOfRecord(registry.contract('edfi.student'), { studentUniqueId: 'S1' }), grant, [])).toBeUndefined();
    const district = organizationsOfRecord(registry.contract('edfi.localEducationAgency'), {
      localEducationAgencyId: 100,
      parentLocalEducationAgencyReference: { localEducationAgencyId: 9 },
    });
    expect(organizationRefusal(district, grant, [])).toBeUndefined();
    expect(organizationRefusal({ ...district, own: { ...district.own!, id: '101' } }, grant, [])).toBeDefined();
  });
});
