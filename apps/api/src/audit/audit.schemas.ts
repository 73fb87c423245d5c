import { AUDIT_KINDS } from '@lantern/audit';
import { flag, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the audit routes: AuditChainVerifier's verdict as the API answers it.

const kind = oneOfText(AUDIT_KINDS, 'agreement-change');

export const AUDIT_SCHEMAS = {
  AuditEntriesPage: object({
    entries: list(
      object({
        id: text('18342'),
        kind,
        actor: text('person:5b0e6f2a-8c1d-4e7b-9a3f-2d6c8e1b4a70', { description: 'The API client, `person:<id>` for someone signed in to the console, or `system`' }),
        recordedAt: instant(),
        hash: text('9f2c0b7e4d1a5c3e8b6f0a2d4c6e8f1a3b5d7c9e0f2a4b6c8d0e1f3a5b7c9d0e'),
      }),
      { description: 'Newest first; an entry’s subject and details are not shown (they may name a child)' },
    ),
    page: whole(1),
    pageSize: whole(50),
    nextPage: nullable(whole(2, { description: 'The next (older) page; null on the last' })),
    kind: nullable({ ...kind, description: 'The kind asked for; null for every kind' }),
    kinds: list(kind, { description: 'Every kind of entry, to filter by' }),
  }),
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
    checkpoints: nullable(
      object(
        {
          topic: text('hub.audit-checkpoints.v1'),
          keyId: text('3b1f6c0e9a2d4b7c8e5f1a0d2c4b6e8f0a1c3e5d7b9f1a3c5e7d9b0f2a4c6e8d', { description: 'SHA-256 of the trusted public key (SPKI DER)' }),
          signed: whole(412, { description: 'Checkpoints on the topic that key signed: the chain was held to every one' }),
          latest: nullable(
            object(
              {
                seq: text('18342'),
                hash: text('9f2c0b7e4d1a5c3e8b6f0a2d4c6e8f1a3b5d7c9e0f2a4b6c8d0e1f3a5b7c9d0e'),
                at: instant('2026-12-05T21:29:00.000Z'),
                held: flag(true, { description: 'The log still holds this entry with this hash' }),
              },
              { description: 'The checkpoint of the highest entry; null when there is none' },
            ),
          ),
          problems: list(text('the message at offset 3 of hub.audit-checkpoints.v1 (entry 17) is not signed by the trusted checkpoint key'), {
            description: 'Messages on the topic that are not checkpoints signed by the key, no checkpoint at all, or why the topic could not be read',
          }),
        },
        { description: 'The signed checkpoints checked; null when the API has no checkpoint public key (LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM)' },
      ),
    ),
    verifiedAt: instant('2026-12-05T21:30:00.000Z'),
  }),
};

export const auditSchema = refTo(AUDIT_SCHEMAS);
