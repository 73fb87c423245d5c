import { LanternError, LanternErrorCode } from '@lantern/errors';
import { ContractRegistry } from '@lantern/contracts';
import { type CohortCriteria, type ElementRef, type Population, recordSource } from '@lantern/governance';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { extractElementProblems } from './extract-elements';

/** A research project as the researcher submits it; the agreement it works under decides what it may receive. */
export interface ProjectSubmission {
  title: string;
  questions: string[];
  institution: string;
  teamMembers: Array<{ name: string; role: string }>;
  irbReference: string;
  agreementId: string;
}

/**
 * Who is in the cohort: the agreement's criteria less sectors, which follow from what is asked.
 * Students with a current K-12 enrolment, overlapping the time span, at the schools (or in the
 * districts), grades and school years named; narrowed further, when given, to those enrolled at
 * the postsecondary institutions or served by the programs named.
 */
export type RequestedCohort = Omit<CohortCriteria, 'sectors'>;

/** An aggregate table of the cohort: counts by one quasi-identifier × another. */
export interface TableRequest {
  rows: string;
  columns: string;
}

export interface ExtractSpecification {
  cohort: RequestedCohort;
  elements: ElementRef[];
  /** Inclusive ISO dates: records whose period falls outside are left out. */
  timeSpan: { from: string; to: string };
  tables: TableRequest[];
}

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const list = (items: object, maxItems = 500) => ({ type: 'array', minItems: 1, maxItems, uniqueItems: true, items }) as const;
const elementKey = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$' } as const;

/** What a research project submission must be (the API's document shows this schema). */
export const PROJECT_SUBMISSION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'questions', 'institution', 'teamMembers', 'irbReference', 'agreementId'],
  properties: {
    title: text(300),
    questions: list(text(2000), 20),
    institution: text(300),
    teamMembers: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: { type: 'object', additionalProperties: false, required: ['name', 'role'], properties: { name: text(200), role: text(200) } },
    },
    irbReference: text(200),
    agreementId: { type: 'string', format: 'uuid' },
  },
} as const;

/** What an extract request must be (the API's document shows this schema). */
export const EXTRACT_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['cohort', 'elements', 'timeSpan'],
  properties: {
    cohort: {
      type: 'object',
      additionalProperties: false,
      properties: {
        schools: list({ type: 'integer', minimum: 1 }),
        districts: list({ type: 'integer', minimum: 1 }),
        grades: list(text(300)),
        schoolYears: list({ type: 'integer', minimum: 1900, maximum: 2200 }),
        institutions: list(text(64)),
        programs: list(text(300)),
      },
    },
    elements: list(elementKey, 200),
    timeSpan: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
    tables: { type: 'array', maxItems: 20, items: { type: 'object', additionalProperties: false, required: ['rows', 'columns'], properties: { rows: elementKey, columns: elementKey } } },
  },
} as const;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const projectMatches = ajv.compile<ProjectSubmission>(PROJECT_SUBMISSION_SCHEMA);
const requestMatches = ajv.compile<Omit<ExtractSpecification, 'elements' | 'tables'> & { elements: string[]; tables?: TableRequest[] }>(EXTRACT_REQUEST_SCHEMA);

function refuse(what: string, problems: string[]): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, `${what}: ${[...new Set(problems)].join('; ')}`);
}

function schemaProblems(errors: typeof projectMatches.errors): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || 'body'} ${error.message}`);
}

export function parseProjectSubmission(body: unknown): ProjectSubmission {
  if (!projectMatches(body)) refuse('research project', schemaProblems(projectMatches.errors));
  return body;
}

/** A request the hub can build: known elements, releasable in extracts, a cohort it can find and tables over its quasi-identifiers. */
export function parseExtractSpecification(body: unknown): ExtractSpecification {
  if (!requestMatches(body)) refuse('extract request', schemaProblems(requestMatches.errors));
  const { cohort, timeSpan } = body;
  const elements = body.elements.map(elementRefOf);
  const tables = body.tables ?? [];
  const problems = extractElementProblems(elements, tables);
  if (!cohort.schools && !cohort.districts) problems.push('cohort must name schools or districts');
  if (timeSpan.from > timeSpan.to) problems.push('timeSpan.from must not be after timeSpan.to');
  if (problems.length > 0) refuse('extract request', problems);
  return { cohort, elements, timeSpan, tables };
}

/** "edfi.student.birthDate" → { domain: "edfi.student", element: "birthDate" }: the element is the last segment. */
export function elementRefOf(key: string): ElementRef {
  const split = key.lastIndexOf('.');
  return { domain: key.slice(0, split), element: key.slice(split + 1) };
}

const registry = ContractRegistry.default();
// The contracts the cohort is selected from (see ExtractBuilder.selectCohort).
const ENROLMENT = 'edfi.studentSchoolAssociation';
const POSTSECONDARY_ENROLMENT = 'postsecondary.termEnrollment';
const PROGRAMS = 'edfi.studentProgramAssociation';

/**
 * What the policy decision point weighs of a request: its cohort as a population, and the
 * sources whose records it joins person by person. Every cohort is found through K-12
 * enrolments, so any element of another sector, or of a partner agency, is linkage.
 */
export function requestScope(specification: Pick<ExtractSpecification, 'cohort' | 'elements'>): { population: Population; sources: string[] } {
  const { cohort } = specification;
  const contracts = [
    ENROLMENT,
    ...(cohort.programs ? [PROGRAMS] : []),
    ...(cohort.institutions ? [POSTSECONDARY_ENROLMENT] : []),
    ...specification.elements.map((element) => element.domain),
  ];
  const entries = [...new Set(contracts)].map((id) => registry.contract(id));
  const sectors = [...new Set(entries.map((entry) => entry.domain))];
  return {
    population: { kind: 'cohort', criteria: { ...cohort, sectors } },
    sources: [...new Set(entries.map((entry) => recordSource(entry.domain, entry.id)))],
  };
}
