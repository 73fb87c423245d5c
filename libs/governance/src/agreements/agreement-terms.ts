import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { PURPOSES } from '../policy/purposes';
import { elementKey, GRANULARITIES, LEGAL_BASES, SECTORS, type AgreementTerms, type LegalBasisKind } from './agreement';

const identifier = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const criteriaList = <T extends object>(items: T) => ({ type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items }) as const;

/** The shape of agreement terms; the checks after it cover what a schema cannot say. */
export const AGREEMENT_TERMS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['title', 'parties', 'purpose', 'legalBases', 'elements', 'population', 'linkagePermitted', 'outputRules', 'effectiveDate', 'expiresAt', 'destroyBy'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    parties: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['organizationId', 'roles'],
        properties: {
          organizationId: identifier,
          roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['contributor', 'recipient', 'approver'] } },
          authorizedClients: { type: 'array', minItems: 1, uniqueItems: true, items: identifier },
        },
      },
    },
    purpose: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'description'],
      properties: {
        code: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
        description: { type: 'string', minLength: 1, maxLength: 2000 },
      },
    },
    legalBases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: { kind: { enum: Object.keys(LEGAL_BASES) }, citation: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
    elements: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['domain', 'element', 'granularity'],
        properties: {
          domain: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*$' },
          element: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$' },
          granularity: { enum: [...GRANULARITIES] },
          protection: { enum: ['hipaa', '42-cfr-part-2'] },
        },
      },
    },
    population: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'enrolled-at-recipient' } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'criteria'],
          properties: {
            kind: { const: 'cohort' },
            criteria: {
              type: 'object',
              additionalProperties: false,
              required: ['sectors'],
              properties: {
                sectors: criteriaList({ enum: [...SECTORS] }),
                districts: criteriaList({ type: 'integer', minimum: 1 }),
                schools: criteriaList({ type: 'integer', minimum: 1 }),
                grades: criteriaList({ type: 'string', minLength: 1, maxLength: 300 }),
                schoolYears: criteriaList({ type: 'integer', minimum: 1900, maximum: 2200 }),
                programs: criteriaList({ type: 'string', minLength: 1, maxLength: 300 }),
                institutions: criteriaList({ type: 'string', minLength: 1, maxLength: 64 }),
              },
            },
          },
        },
        // Stored terms from before criteria still read; consistencyProblems refuses it in new ones.
        { type: 'object', additionalProperties: false, required: ['kind', 'cohortId'], properties: { kind: { const: 'research-cohort' }, cohortId: identifier } },
        { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'statewide' } } },
      ],
    },
    linkagePermitted: { type: 'boolean' },
    outputRules: {
      type: 'object',
      additionalProperties: false,
      required: ['dataLevel', 'minimumCellSize', 'k'],
      properties: {
        dataLevel: { enum: ['aggregate', 'record'] },
        minimumCellSize: { type: 'integer', minimum: 1, maximum: 1000 },
        k: { type: 'integer', minimum: 1, maximum: 1000 },
        singleCellLines: { enum: ['suppress', 'release'] },
        linkAcrossExtracts: { type: 'boolean' },
      },
    },
    effectiveDate: instant,
    expiresAt: instant,
    destroyBy: instant,
    careNoticeSchoolDays: { type: 'integer', minimum: 1, maximum: 60 },
  },
} as const;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const matchesSchema = ajv.compile<AgreementTerms>(AGREEMENT_TERMS_SCHEMA);

/** The state's disclosure floor unless configured (LANTERN_DISCLOSURE_FLOOR): CMS and ONS practice, n ≥ 11. */
export const DEFAULT_DISCLOSURE_FLOOR = 11;

/**
 * Why research output rules go below the state's floor; empty when they do not. Only research
 * agreements govern extracts, so only theirs are held to it (other purposes' output rules are unused).
 */
export function disclosureFloorProblems(terms: Pick<AgreementTerms, 'purpose' | 'outputRules'>, floor: number): string[] {
  if (terms.purpose.code !== PURPOSES.research) return [];
  return (['k', 'minimumCellSize'] as const)
    .filter((rule) => terms.outputRules[rule] < floor)
    .map((rule) => `outputRules.${rule} ${terms.outputRules[rule]} is below the state's disclosure floor of ${floor}`);
}

/** Checked, normalised terms (instants in UTC), or InvalidRequest naming every problem. */
export function parseAgreementTerms(input: unknown): AgreementTerms {
  if (!matchesSchema(input)) {
    const problems = (matchesSchema.errors ?? []).map((error) => `${error.instancePath || 'terms'} ${error.message}`);
    throw new LanternError(LanternErrorCode.InvalidRequest, `agreement terms: ${[...new Set(problems)].join('; ')}`);
  }
  const terms: AgreementTerms = {
    ...input,
    effectiveDate: new Date(input.effectiveDate).toISOString(),
    expiresAt: new Date(input.expiresAt).toISOString(),
    destroyBy: new Date(input.destroyBy).toISOString(),
  };
  assertConsistentTerms(terms);
  return terms;
}

/** Rules across fields; the lifecycle checks them again on every draft and amendment. */
export function assertConsistentTerms(terms: AgreementTerms): void {
  const problems = consistencyProblems(terms);
  if (problems.length > 0) throw new LanternError(LanternErrorCode.InvalidRequest, `agreement terms: ${problems.join('; ')}`);
}

function consistencyProblems(terms: AgreementTerms): string[] {
  const problems: string[] = [];
  const organizations = terms.parties.map((party) => party.organizationId);
  if (new Set(organizations).size !== organizations.length) problems.push('each organisation may be listed as a party once');
  if (!terms.parties.some((party) => party.roles.includes('contributor'))) problems.push('at least one party must be a contributor');
  if (!terms.parties.some((party) => party.roles.includes('recipient'))) problems.push('at least one party must be a recipient');
  for (const party of terms.parties) {
    if (party.authorizedClients && !party.roles.includes('recipient')) problems.push(`party ${party.organizationId} lists authorizedClients but is not a recipient`);
  }

  const [effective, expires, destroy] = [terms.effectiveDate, terms.expiresAt, terms.destroyBy].map((instant) => Date.parse(instant));
  if (!(effective < expires)) problems.push('expiresAt must be after effectiveDate');
  if (!(destroy >= expires)) problems.push('destroyBy must not be before expiresAt');

  const elements = terms.elements.map(elementKey);
  const repeated = elements.filter((key, index) => elements.indexOf(key) !== index);
  if (repeated.length > 0) problems.push(`elements listed more than once: ${[...new Set(repeated)].join(', ')}`);

  if (terms.population.kind === 'research-cohort')
    problems.push(`population research-cohort ${terms.population.cohortId} is a bare label the hub cannot check: define the cohort by criteria (kind "cohort")`);

  if (terms.careNoticeSchoolDays !== undefined && terms.purpose.code !== PURPOSES.handleWithCare) problems.push(`careNoticeSchoolDays applies only to purpose ${PURPOSES.handleWithCare}`);

  const bases = new Set<LegalBasisKind>(terms.legalBases.map((basis) => basis.kind));
  if (bases.size !== terms.legalBases.length) problems.push('each legal basis may be listed once');
  if (terms.legalBases.some((basis) => basis.kind === 'state-statute' && !basis.citation)) problems.push('a state-statute legal basis needs its citation');
  const hasHipaaBasis = bases.has('hipaa-authorization') || bases.has('hipaa-limited-data-set');
  for (const element of terms.elements) {
    if (element.protection === 'hipaa' && !hasHipaaBasis) problems.push(`${elementKey(element)} is HIPAA-protected: name a HIPAA legal basis`);
    if (element.protection === '42-cfr-part-2' && !bases.has('42-cfr-part-2-consent')) problems.push(`${elementKey(element)} is a 42 CFR Part 2 record: name 42-cfr-part-2-consent`);
  }
  return problems;
}
