import { type ContractEntry, valueAtPointer } from '@lantern/contracts';
import type { ProducerGrant } from './producing-systems';

const SCHOOL = 'edfi.school';
const DISTRICT = 'edfi.localEducationAgency';

/** An education organisation a record is about, and where the record says so. */
export interface NamedOrganization {
  id: string;
  /** The JSON pointer of the field naming it. */
  at: string;
  /** The contracts the id may belong to: a school, a district, or either (an educationOrganizationReference). */
  mayBeSchool: boolean;
}

/**
 * What a record says about which schools and districts it concerns: a School or district record
 * is about itself (a School record also names its district); any other record is about every
 * school or district it refers to. A district's parent (a service agency) is description, not
 * subject, and is left out.
 */
export interface OrganizationsOfRecord {
  contract: string;
  own?: NamedOrganization;
  /** For a School record: the district it says it belongs to. */
  districtOfOwnSchool?: NamedOrganization;
  referenced: NamedOrganization[];
}

export function organizationsOfRecord(contract: ContractEntry, record: unknown): OrganizationsOfRecord {
  const named = (pointer: string, mayBeSchool: boolean): NamedOrganization | undefined => {
    const value = valueAtPointer(record, pointer);
    return value === undefined || value === null ? undefined : { id: String(value), at: pointer, mayBeSchool };
  };
  const organizationReferences = contract.references.filter((reference) => reference.contracts.some((target) => target === SCHOOL || target === DISTRICT));
  if (contract.id === SCHOOL || contract.id === DISTRICT) {
    const own = named(contract.naturalKey[0], contract.id === SCHOOL);
    const districtReference = contract.id === SCHOOL ? organizationReferences.find((reference) => reference.contracts.includes(DISTRICT)) : undefined;
    return { contract: contract.id, own, districtOfOwnSchool: districtReference && named(districtReference.fields[0], false), referenced: [] };
  }
  return {
    contract: contract.id,
    referenced: organizationReferences.flatMap((reference) => named(reference.fields[0], reference.contracts.includes(SCHOOL)) ?? []),
  };
}

/** The district each source's current School record gives a school. */
export interface SchoolClaim {
  schoolId: string;
  sourceSystem: string;
  districtId: string | null;
}

/**
 * Whether a producing system may publish this record (ADR 0017), or why not. An enrolment at a
 * school decides which school and district may read a child, so a producer publishes only about
 * the districts and schools it is registered for:
 * - a district record: the district is listed;
 * - a School record: the school is listed, or its district is and no other source's School
 *   record places the school in another district (the first district to claim a school keeps
 *   it; a steward lists the school for another producer to settle a dispute);
 * - any other record: every school or district it names is listed, or is a school that one of
 *   the producer's own School records places in a listed district.
 */
export function organizationRefusal(organizations: OrganizationsOfRecord, grant: ProducerGrant, claims: readonly SchoolClaim[]): { at: string; reason: string } | undefined {
  const listed = new Set(grant.educationOrganizationIds);
  const ownSources = new Set(grant.sourceSystems);
  const { own, districtOfOwnSchool, referenced } = organizations;
  if (own) {
    if (listed.has(own.id)) return undefined;
    if (!own.mayBeSchool) return { at: own.at, reason: `district ${own.id} is not among the organisations this producing system is registered for` };
    if (!districtOfOwnSchool || !listed.has(districtOfOwnSchool.id)) {
      return { at: districtOfOwnSchool?.at ?? own.at, reason: `school ${own.id} is not in a district this producing system is registered for` };
    }
    const elsewhere = claims.find((claim) => claim.schoolId === own.id && !ownSources.has(claim.sourceSystem) && claim.districtId !== null && claim.districtId !== districtOfOwnSchool.id);
    if (elsewhere) return { at: districtOfOwnSchool.at, reason: `school ${own.id} already belongs to district ${elsewhere.districtId} in another source's records` };
    return undefined;
  }
  for (const organization of referenced) {
    if (listed.has(organization.id)) continue;
    const inListedDistrict =
      organization.mayBeSchool &&
      claims.some((claim) => claim.schoolId === organization.id && ownSources.has(claim.sourceSystem) && claim.districtId !== null && listed.has(claim.districtId));
    if (!inListedDistrict) {
      return {
        at: organization.at,
        reason: `${organization.mayBeSchool ? 'school or district' : 'district'} ${organization.id} is not among the organisations this producing system is registered for, nor a school its own School records place in one`,
      };
    }
  }
  return undefined;
}

/** The schools whose School records the decision needs: the record's own school, and referenced ids not listed outright. */
export function schoolsToLookUp(organizations: OrganizationsOfRecord, grant: ProducerGrant): string[] {
  if (organizations.own) return organizations.own.mayBeSchool && !grant.educationOrganizationIds.includes(organizations.own.id) ? [organizations.own.id] : [];
  return organizations.referenced.filter((organization) => organization.mayBeSchool && !grant.educationOrganizationIds.includes(organization.id)).map((organization) => organization.id);
}
