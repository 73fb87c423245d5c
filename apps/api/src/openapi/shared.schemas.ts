import { GRANULARITIES, LEGAL_BASES } from '@lantern/governance';
import { anyJson, flag, instant, nullable, object, oneOfText, text, whole } from './schema-builders';

// Shapes several areas answer with: a stored record version, an element with its granularity,
// an agreement's legal bases and output rules (libs/records and libs/governance define them).

export const elementRef = object({
  domain: text('edfi.student', { description: 'A contract id' }),
  element: text('birthDate'),
  granularity: oneOfText(GRANULARITIES, 'year', { description: 'How finely it is released' }),
});

export const legalBasis = object(
  { kind: oneOfText(Object.keys(LEGAL_BASES), 'ferpa-school-official'), citation: text('34 CFR 99.31(a)(1)') },
  {
    optional: ['citation'],
    description: Object.entries(LEGAL_BASES)
      .map(([kind, words]) => `${kind}: ${words}`)
      .join('; '),
  },
);

export const outputRules = object(
  {
    dataLevel: oneOfText(['aggregate', 'record'], 'record'),
    minimumCellSize: whole(11),
    k: whole(11),
    singleCellLines: oneOfText(['suppress', 'release'], 'suppress'),
    linkAcrossExtracts: flag(false, { description: "One pseudonym per person across the project's record-level extracts, their union kept k-anonymous; per extract when absent" }),
  },
  { optional: ['singleCellLines', 'linkAcrossExtracts'] },
);

export const storedVersion = object({
  contractId: text('edfi.student'),
  contractVersion: text('1.0.0'),
  sourceSystem: text('lea-255901.sis'),
  naturalKey: text('S-100'),
  operation: oneOfText(['upsert', 'delete']),
  record: anyJson(
    { studentUniqueId: 'S-100', firstName: 'Katherine', lastSurname: 'Johnson', birthDate: '2011-08-26' },
    "The record as its contract (contracts/) describes it; a school's or district's read has only the elements its agreement allows",
  ),
  validFrom: instant(),
  validTo: nullable(instant(null, { description: 'Null while it is the current version' })),
  lineage: object({ topic: text('ingest.k12.student.v1'), partition: whole(2), offset: text('41'), arrivedAt: instant('2026-09-01T08:00:01.000Z'), eventTime: instant() }),
});
