import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { EARLY_WARNING_AGREEMENT_TERMS } from '@lantern/early-warning';
import { type AgreementTerms, parseAgreementTerms, PURPOSES, requiredApprovers, Role } from '@lantern/governance';
import type { DataSource } from 'typeorm';
import { DEMO_PEOPLE } from './demo-people';
import { DEMO_SCHOOL_YEARS, demoDistrict } from './demo-state';

const DAY = 86_400_000;
/** The demo agreements' term: long enough that a demo hub kept for a while still has them in force. */
const TERM_DAYS = 3 * 365;
/** Recipients destroy what they received within a quarter of the term's end. */
const DESTRUCTION_DAYS = 90;
const ACTOR = 'npm-start';

const organizationOf = (role: Role) => DEMO_PEOPLE.find((person) => person.role === role)!.organizationId;
const district = demoDistrict();

export const DEMO_AGREEMENT_TITLES = {
  handleWithCare: `Handle with Care notices from the Department of Children and Family Services to ${district.name}`,
  earlyWarning: `Early-warning indicators of ${district.name} students`,
  research: `Grade progression in ${district.name}`,
} as const;

/**
 * The data-sharing agreements the demo people work under, each drafted and approved by every
 * party that must, as a steward would in the console: the agency's Handle with Care notices to
 * the demo district, the district's and its schools' early-warning watch lists, and the
 * researcher's study of the district's students over the demo state's school years.
 */
export function demoAgreementTerms(now: Date): AgreementTerms[] {
  const state = organizationOf(Role.Steward);
  const term = {
    effectiveDate: new Date(now.getTime() - DAY).toISOString(),
    expiresAt: new Date(now.getTime() + TERM_DAYS * DAY).toISOString(),
    destroyBy: new Date(now.getTime() + (TERM_DAYS + DESTRUCTION_DAYS) * DAY).toISOString(),
  };
  return [
    {
      title: DEMO_AGREEMENT_TITLES.handleWithCare,
      parties: [
        { organizationId: organizationOf(Role.Agency), roles: ['contributor'] },
        { organizationId: String(district.districtId), roles: ['recipient'] },
      ],
      purpose: { code: PURPOSES.handleWithCare, description: 'Tell a school, before the next school day, that a child may need extra care; no reason is given' },
      legalBases: [{ kind: 'state-statute', citation: 'Demo State Code 49-5-101 (fictional)' }],
      elements: [
        ...['studentUniqueId', 'firstName', 'lastSurname'].map((element) => ({ domain: 'edfi.student', element, granularity: 'as-recorded' })),
        { domain: 'partner.careFlag', element: 'agencyType', granularity: 'as-recorded' },
      ],
      population: { kind: 'enrolled-at-recipient' },
      linkagePermitted: false,
      outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
      ...term,
    },
    {
      title: DEMO_AGREEMENT_TITLES.earlyWarning,
      parties: [
        { organizationId: state, roles: ['contributor'] },
        { organizationId: String(district.districtId), roles: ['recipient'] },
        ...district.schools.map((school) => ({ organizationId: String(school.schoolId), roles: ['recipient'] })),
      ],
      ...EARLY_WARNING_AGREEMENT_TERMS,
      ...term,
    },
    {
      title: DEMO_AGREEMENT_TITLES.research,
      parties: [
        { organizationId: state, roles: ['contributor'] },
        { organizationId: organizationOf(Role.Researcher), roles: ['recipient'] },
      ],
      purpose: { code: PURPOSES.research, description: 'How students move from grade to grade and school to school, by birth year and sex' },
      legalBases: [{ kind: 'ferpa-studies' }],
      elements: [
        { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
        { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
        { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
        { domain: 'edfi.studentSchoolAssociation', element: 'entryDate', granularity: 'year-month' },
      ],
      population: { kind: 'cohort', criteria: { sectors: ['k12'], districts: [district.districtId], schoolYears: [...DEMO_SCHOOL_YEARS] } },
      linkagePermitted: false,
      outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
      ...term,
    },
  ].map((terms) => parseAgreementTerms(terms));
}

/** Registers the demo agreements not yet in the registry (by title, so a restart adds none twice); one line per agreement. */
export async function registerDemoAgreements(dataSource: DataSource, now = new Date()): Promise<string[]> {
  const registry = new AgreementRegistry(dataSource, new AuditLog(dataSource));
  const titles = new Set((await registry.all()).flatMap((agreement) => agreement.versions.map((version) => version.terms.title)));
  const lines: string[] = [];
  for (const terms of demoAgreementTerms(now)) {
    if (titles.has(terms.title)) {
      lines.push(`agreement "${terms.title}": already registered`);
      continue;
    }
    const { id } = await registry.draft(terms, ACTOR);
    for (const organizationId of requiredApprovers(terms)) await registry.approve(id, 1, organizationId, ACTOR);
    lines.push(`agreement "${terms.title}": drafted and approved by ${requiredApprovers(terms).join(', ')} (${id})`);
  }
  return lines;
}
