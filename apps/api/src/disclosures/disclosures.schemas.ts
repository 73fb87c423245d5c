import { elementRef, legalBasis } from '../openapi/shared.schemas';
import { instant, list, nullable, object, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the record of disclosures (libs/disclosures' DisclosureLog answers them).

const disclosure = object({
  id: text('1042'),
  disclosedAt: instant(),
  recipient: object({ organizationId: text('255901001'), clientId: text('cl-school-255901001') }),
  purpose: object({ code: text('school-official'), description: text('Teachers and counsellors serving the student') }),
  agreement: object({ id: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'), version: whole(1), title: text('Grand Bend ISD school officials'), legalBases: list(legalBasis) }),
  decisionId: text('c1a7e2f4-0b39-4d6e-8f21-5a9b3c7d1e60', { description: 'The policy decision that allowed it (in the audit log)' }),
  elements: list(elementRef),
  studentCount: whole(1),
});

const nextBeforeId = nullable(text('1001', { description: 'Pass as beforeId for the next page; null on the last' }));

export const DISCLOSURES_SCHEMAS = {
  StudentDisclosures: object({ sid: text('10000000018'), disclosures: list(disclosure), nextBeforeId }),
  OrganizationDisclosures: object({ organizationId: text('255901001'), disclosures: list(disclosure), nextBeforeId }),
};

export const disclosuresSchema = refTo(DISCLOSURES_SCHEMAS);
