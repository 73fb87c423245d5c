import type { SchemaObject } from '@nestjs/swagger';
import { AGREEMENT_TERMS_SCHEMA } from '@lantern/governance';
import { openApiSchemaOf } from '../openapi/contract-schemas';
import { elementRef } from '../openapi/shared.schemas';
import { instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the agreements routes: the terms are libs/governance's own JSON Schema
// (what POST /agreements validates), the answers agreementView's shape.

const STATUSES = ['draft', 'active', 'suspended', 'expired', 'terminated', 'superseded'];
const TERMS_EXAMPLE = {
  title: 'Grand Bend ISD school officials',
  parties: [
    { organizationId: 'sea', roles: ['approver'] },
    { organizationId: '255901', roles: ['contributor', 'recipient'] },
  ],
  purpose: { code: 'enrolled-student-records', description: 'Teachers and counsellors serving students enrolled in the district' },
  legalBases: [{ kind: 'ferpa-school-official' }],
  elements: [
    { domain: 'edfi.student', element: 'firstName', granularity: 'as-recorded' },
    { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
  ],
  population: { kind: 'enrolled-at-recipient' },
  linkagePermitted: false,
  outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
  effectiveDate: '2026-08-01T00:00:00Z',
  expiresAt: '2027-07-31T23:59:59Z',
  destroyBy: '2028-07-31T23:59:59Z',
};
const reason = text('Audit finding 2026-14: the recipient’s access is under review', { minLength: 1, maxLength: 2000 });

const AGREEMENT: SchemaObject = object({
  id: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'),
  status: oneOfText(STATUSES, 'active', { description: 'Of the version in force now' }),
  currentVersion: whole(1),
  versions: list(
    object({
      version: whole(1),
      status: oneOfText(STATUSES, 'active'),
      awaitingApprovals: list(text('255901'), { example: [], description: 'Contributors and approvers that have not approved yet' }),
      appliesFrom: nullable(instant('2026-08-01T00:00:00.000Z', { description: 'Null until approved by every party that must' })),
      terms: { $ref: '#/components/schemas/AgreementTerms' },
      draftedAt: instant('2026-07-20T14:00:00.000Z'),
      draftedBy: text('cl-steward-1'),
      approvals: list(object({ organizationId: text('255901'), approvedAt: instant('2026-07-21T09:30:00.000Z'), approvedBy: text('cl-steward-1') })),
    }),
    { description: 'Every version for stewards; for a party, the versions it is party to' },
  ),
  lifecycle: list(object({ kind: oneOfText(['suspended', 'terminated', 'reinstated'], 'suspended'), at: instant('2026-10-02T10:00:00.000Z'), by: text('cl-steward-1'), reason }), {
    example: [],
  }),
});

export const AGREEMENTS_SCHEMAS = {
  AgreementTerms: { ...openApiSchemaOf(AGREEMENT_TERMS_SCHEMA), example: TERMS_EXAMPLE },
  Agreement: AGREEMENT,
  Agreements: object({ agreements: list({ $ref: '#/components/schemas/Agreement' }) }),
  AgreementApproval: object({ organizationId: text('255901', { description: 'The contributor or approver that approves' }) }),
  AgreementLifecycleReason: object({ reason }),
  PolicyCheck: object(
    {
      organizationId: text('univ-policy-lab', { description: 'The recipient organisation that would ask' }),
      clientId: text('univ-extracts', { description: 'One of its clients, where the agreement lists authorised clients' }),
      purpose: text('research', { description: 'The purpose code the request would state' }),
      elements: list(object({ domain: text('edfi.student', { description: 'A contract id' }), element: text('birthDate') }), { maxItems: 200 }),
    },
    { optional: ['clientId'], description: 'A request imagined under the agreement’s own population' },
  ),
  PolicyCheckDecision: object(
    {
      decision: oneOfText(['allow', 'deny'], 'allow'),
      reasons: list(text('agreement 3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93 v1 permits purpose research under ferpa-studies')),
      agreementVersion: whole(1, { description: 'On allow: the version that allows it' }),
      elements: list(elementRef, { description: 'On allow: each element with the generalisation the agreement requires' }),
    },
    { optional: ['agreementVersion', 'elements'] },
  ),
};

export const agreementsSchema = refTo(AGREEMENTS_SCHEMAS);
