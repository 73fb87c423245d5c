// The school directory the browser tests search: Ed-Fi School and LocalEducationAgency records as
// districts send them, and one student record, which must never surface on a public page.
import type { FixtureEnvelope } from './fixture-store';

const SOURCE = 'state-directory';
const EVENT_TIME = '2026-08-20T08:00:00Z';
const grades = (...codes: string[]) => codes.map((code) => ({ gradeLevelDescriptor: `uri://ed-fi.org/GradeLevelDescriptor#${code}` }));
const physicalAddress = (streetNumberName: string, city: string, postalCode: string) => [
  {
    addressTypeDescriptor: 'uri://ed-fi.org/AddressTypeDescriptor#Physical',
    streetNumberName,
    city,
    stateAbbreviationDescriptor: 'uri://ed-fi.org/StateAbbreviationDescriptor#TX',
    postalCode,
  },
];

export const DISTRICTS = {
  grandBend: { localEducationAgencyId: 255901, nameOfInstitution: 'Grand Bend ISD' },
  riverside: { localEducationAgencyId: 255902, nameOfInstitution: 'Riverside Unified' },
  cedarFalls: { localEducationAgencyId: 255903, nameOfInstitution: 'Cedar Falls ISD' },
} as const;

export const SCHOOLS = {
  grandBendHigh: {
    schoolId: 255901001,
    nameOfInstitution: 'Grand Bend High School',
    gradeLevels: grades('Ninth grade', 'Tenth grade', 'Eleventh grade', 'Twelfth grade'),
    localEducationAgencyReference: { localEducationAgencyId: DISTRICTS.grandBend.localEducationAgencyId },
    addresses: physicalAddress('1200 Main Street', 'Grand Bend', '78701'),
  },
  lakeviewElementary: {
    schoolId: 255901002,
    nameOfInstitution: 'Lakeview Elementary School',
    gradeLevels: grades('Kindergarten', 'First grade', 'Second grade', 'Third grade', 'Fourth grade', 'Fifth grade'),
    localEducationAgencyReference: { localEducationAgencyId: DISTRICTS.grandBend.localEducationAgencyId },
    addresses: physicalAddress('45 Lake Road', 'Grand Bend', '78702'),
  },
  riversideMiddle: {
    schoolId: 255902001,
    nameOfInstitution: 'Cesar Chavez Middle School',
    gradeLevels: grades('Sixth grade', 'Seventh grade', 'Eighth grade'),
    localEducationAgencyReference: { localEducationAgencyId: DISTRICTS.riverside.localEducationAgencyId },
    addresses: physicalAddress('800 River Street', 'Riverside', '78950'),
  },
  // Two more, so that a comparison can be full (four schools) with a fifth to refuse.
  northgateAcademy: {
    schoolId: 255903001,
    nameOfInstitution: 'Northgate Academy',
    gradeLevels: grades('Ninth grade', 'Tenth grade', 'Eleventh grade', 'Twelfth grade'),
    localEducationAgencyReference: { localEducationAgencyId: DISTRICTS.cedarFalls.localEducationAgencyId },
    addresses: physicalAddress('9 Northgate Road', 'Cedar Falls', '78960'),
  },
  pineHollowAcademy: {
    schoolId: 255903002,
    nameOfInstitution: 'Pine Hollow Academy',
    gradeLevels: grades('Sixth grade', 'Seventh grade', 'Eighth grade'),
    localEducationAgencyReference: { localEducationAgencyId: DISTRICTS.cedarFalls.localEducationAgencyId },
    addresses: physicalAddress('310 Pine Street', 'Cedar Falls', '78961'),
  },
} as const;

/** A child in the hub: the public pages must not find her by any means. */
export const STUDENT = { studentUniqueId: 'GB-1001', firstName: 'Amara', lastSurname: 'Okonkwo', birthDate: '2014-05-06' } as const;

const envelope = (contract: string, record: Record<string, unknown>): FixtureEnvelope => ({ contract, operation: 'upsert', sourceSystem: SOURCE, eventTime: EVENT_TIME, record });

const LEA_CATEGORY = [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency' }];
const SCHOOL_CATEGORY = [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School' }];

/** The envelopes, as a district's system would publish them. */
export function directoryEnvelopes(): FixtureEnvelope[] {
  return [
    ...Object.values(DISTRICTS).map((district) =>
      envelope('edfi.localEducationAgency', {
        ...district,
        categories: LEA_CATEGORY,
        localEducationAgencyCategoryDescriptor: 'uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent',
      }),
    ),
    ...Object.values(SCHOOLS).map((school) => envelope('edfi.school', { ...school, educationOrganizationCategories: SCHOOL_CATEGORY })),
    envelope('edfi.student', STUDENT),
  ];
}
