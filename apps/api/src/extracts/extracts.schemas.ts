import type { SchemaObject } from '@nestjs/swagger';
import { EXTRACT_REQUEST_SCHEMA, PROJECT_SUBMISSION_SCHEMA } from '@lantern/extracts';
import { GRANULARITIES } from '@lantern/governance';
import { openApiSchemaOf } from '../openapi/contract-schemas';
import { elementRef, outputRules } from '../openapi/shared.schemas';
import { day, flag, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the research extract routes (libs/extracts validates the bodies and answers them).

const STATUSES = ['submitted', 'refused', 'approved', 'building', 'ready', 'failed', 'destroyed'];
const elementKey = text('edfi.student.birthDate', { pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$', description: 'contract id and element' });
const cohort = object(
  {
    schools: list(whole(255901001), { example: [255901001] }),
    districts: list(whole(255901), { example: [255901] }),
    grades: list(text('Ninth grade'), { example: ['Ninth grade'] }),
    schoolYears: list(whole(2025), { example: [2024, 2025] }),
    institutions: list(text('IPEDS-228778'), { example: ['IPEDS-228778'] }),
    programs: list(text('uri://ed-fi.org/ProgramTypeDescriptor#Career and Technical Education'), { example: ['uri://ed-fi.org/ProgramTypeDescriptor#Career and Technical Education'] }),
  },
  {
    optional: ['schools', 'districts', 'grades', 'schoolYears', 'institutions', 'programs'],
    description: 'Schools or districts, and optionally grades, school years, institutions and programs',
  },
);
const timeSpan = object({ from: day('2021-08-01'), to: day('2025-07-31') }, { description: 'Inclusive: records whose period falls outside are left out' });
const table = object({ rows: elementKey, columns: text('edfi.student.sexDescriptor') });

const PROJECT = {
  title: text('Dual credit and college persistence', { maxLength: 300 }),
  questions: list(text('Do dual-credit students persist into a second college year more often?', { maxLength: 2000 }), { minItems: 1, maxItems: 20 }),
  institution: text('State University', { maxLength: 300 }),
  teamMembers: list(object({ name: text('Dr. Ada Park'), role: text('Principal investigator') }), { minItems: 1, maxItems: 50 }),
  irbReference: text('IRB-2026-0113', { maxLength: 200 }),
  agreementId: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93', { format: 'uuid', description: 'An agreement naming your organisation as a recipient' }),
};

const EXTRACT_REQUEST: SchemaObject = object({
  id: text('17'),
  projectId: text('8b0d7c1e-52a4-4f0e-a3c9-6d1f2e7a9b40'),
  status: oneOfText(STATUSES, 'ready'),
  requestedBy: text('cl-researcher-1'),
  requestedAt: instant(),
  specification: object({
    cohort,
    elements: list(object({ domain: text('edfi.student'), element: text('birthDate') })),
    timeSpan,
    tables: list(table, { example: [] }),
  }),
  review: nullable(
    object(
      {
        decision: oneOfText(['allow', 'deny', 'refused-by-steward'], 'allow'),
        reasons: list(text('every element is allowed by agreement version 1'), { example: [] }),
        decisionId: text('c1a7e2f4-0b39-4d6e-8f21-5a9b3c7d1e60'),
        agreementVersion: whole(1),
        outputRules,
        reviewedBy: text('cl-steward-1'),
        reviewedAt: instant('2026-09-02T10:00:00.000Z'),
      },
      { optional: ['decisionId', 'agreementVersion', 'outputRules'] },
    ),
  ),
  approvedElements: nullable(list(elementRef, { description: 'What the steward approved, possibly fewer elements than requested' })),
  progress: nullable(object({ phase: text('writing'), cohort: whole(1840), rowsWritten: whole(22071), updatedAt: instant('2026-09-02T10:05:00.000Z') }, { optional: ['cohort'] })),
  failure: nullable(text(null)),
  attempts: whole(1),
  package: nullable(object({ sha256: text('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'), builtAt: instant('2026-09-02T10:07:00.000Z') })),
});

export const EXTRACTS_SCHEMAS = {
  ResearchProjectSubmission: {
    ...openApiSchemaOf(PROJECT_SUBMISSION_SCHEMA),
    example: {
      title: 'Dual credit and college persistence',
      questions: ['Do dual-credit students persist into a second college year more often?'],
      institution: 'State University',
      teamMembers: [{ name: 'Dr. Ada Park', role: 'Principal investigator' }],
      irbReference: 'IRB-2026-0113',
      agreementId: '3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93',
    },
  },
  ResearchProject: object({
    id: text('8b0d7c1e-52a4-4f0e-a3c9-6d1f2e7a9b40'),
    organizationId: text('state-university'),
    submittedBy: text('cl-researcher-1'),
    submittedAt: instant(),
    ...PROJECT,
  }),
  ResearchProjects: list({ $ref: '#/components/schemas/ResearchProject' }),
  ExtractSpecification: {
    ...openApiSchemaOf(EXTRACT_REQUEST_SCHEMA),
    example: {
      cohort: { schools: [255901001], grades: ['Ninth grade'] },
      elements: ['edfi.student.birthDate', 'edfi.studentSchoolAssociation.entryGradeLevelDescriptor'],
      timeSpan: { from: '2021-08-01', to: '2025-07-31' },
    },
  },
  ExtractRequest: EXTRACT_REQUEST,
  ExtractRequests: list({ $ref: '#/components/schemas/ExtractRequest' }),
  ExtractRequestWithAgreement: {
    allOf: [
      { $ref: '#/components/schemas/ExtractRequest' },
      object({
        agreement: object({
          id: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'),
          inForce: flag(true),
          expiresAt: nullable(instant('2027-07-31T23:59:59.000Z')),
          destroyBy: nullable(instant('2028-07-31T23:59:59.000Z')),
        }),
      }),
    ],
  },
  ExtractPolicyReview: object(
    {
      decision: oneOfText(['allow', 'deny'], 'allow'),
      reasons: list(text('edfi.student.birthDate is allowed at year granularity'), { example: [] }),
      agreementId: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'),
      agreementVersion: whole(1),
      purpose: text('research'),
      elements: list(object({ domain: text('edfi.student'), element: text('birthDate'), granularity: oneOfText(GRANULARITIES, 'year') })),
      outputRules,
      careNoticeSchoolDays: whole(10),
      decisionId: text('c1a7e2f4-0b39-4d6e-8f21-5a9b3c7d1e60', { description: 'The decision, audited' }),
    },
    { optional: ['agreementId', 'agreementVersion', 'purpose', 'elements', 'outputRules', 'careNoticeSchoolDays'] },
  ),
  ExtractApproval: object(
    { elements: list(elementKey, { minItems: 1, example: ['edfi.student.birthDate'], description: 'Narrow to these of the requested elements; all by default' }) },
    { optional: ['elements'] },
  ),
  ExtractRefusal: object({ reason: text('The agreement covers grades 9–12 only', { minLength: 1, maxLength: 2000, description: 'The researcher reads it' }) }),
  EncryptedDownload: object({
    certificatePem: text('-----BEGIN CERTIFICATE-----\nMIIC…\n-----END CERTIFICATE-----\n', {
      description: 'A current hub-issued RSA certificate you may encrypt to (a client: its own; a person: one of GET /research/encryption-certificates)',
    }),
  }),
  EncryptionCertificates: object({
    certificates: list(
      object({
        clientId: text('lc_3n8Qk1yVb2Xr7Tq0Lm4Zp9Aa'),
        clientName: text('Policy Lab analysis server'),
        serialNumber: text('5f1c0a9e7d3b2a41c6e08b7f93d2a154'),
        fingerprintSha256: text('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', { description: 'SHA-256 of the certificate (DER), lower-case hex' }),
        subject: text('CN=lc_3n8Qk1yVb2Xr7Tq0Lm4Zp9Aa, O=univ-policy-lab, OU=researcher'),
        notAfter: instant('2027-06-30T12:00:00.000Z'),
      }),
    ),
  }),
  SigningCertificate: object({ certificatePem: text('-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n') }),
};

export const extractsSchema = refTo(EXTRACTS_SCHEMAS);
