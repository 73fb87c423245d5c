import { flag, instant, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the audit routes: AuditChainVerifier's verdict as the API answers it.

export const AUDIT_SCHEMAS = {
  AuditVerification: object({
    intact: flag(true, { description: 'Every entry matches its hash and follows the one before it' }),
    entriesChecked: whole(18342, { description: 'Entries walked, intact ones only when the chain breaks' }),
    head: nullable(
      object(
        { id: text('18342'), hash: text('9f2c0b7e4d1a5c3e8b6f0a2d4c6e8f1a3b5d7c9e0f2a4b6c8d0e1f3a5b7c9d0e') },
        { description: 'The last entry verified, as a checkpoint records it; null when broken or empty' },
      ),
    ),
    firstBreak: nullable(
      object(
        {
          entryId: text('1207'),
          problem: oneOfText(['altered', 'inserted', 'deleted-before', 'cut', 'rewritten'], 'altered'),
          explanation: text('entry 1207 no longer matches its hash: its fields were changed after it was written'),
        },
        { description: 'Where the chain first breaks; null when intact' },
      ),
    ),
    verifiedAt: instant('2026-12-05T21:30:00.000Z'),
  }),
};

export const auditSchema = refTo(AUDIT_SCHEMAS);
