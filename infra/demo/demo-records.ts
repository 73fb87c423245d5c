import type { Envelope } from '@lantern/contracts';

/** Fictional students: the demo data `npm start` publishes through Kafka. */
const DEMO_STUDENTS = [
  { studentUniqueId: '604821', firstName: 'Maya', lastSurname: 'Okafor', birthDate: '2013-04-17' },
  { studentUniqueId: '604822', firstName: 'Liam', lastSurname: 'Castillo', birthDate: '2012-11-02' },
  { studentUniqueId: '604823', firstName: 'Noor', lastSurname: 'Haddad', birthDate: '2014-01-29' },
];

export const DEMO_SOURCE_SYSTEM = 'demo-district-255901';
export const DEMO_STUDENT_ID = DEMO_STUDENTS[0].studentUniqueId;

export function demoEnvelopes(contractVersion: string): Envelope[] {
  return DEMO_STUDENTS.map((record) => ({
    contract: 'edfi.student',
    contractVersion,
    operation: 'upsert',
    sourceSystem: DEMO_SOURCE_SYSTEM,
    eventTime: '2026-09-01T08:00:00Z',
    record,
  }));
}

/** One record without its birth date, so the demo also shows a reject. */
export function demoInvalidEnvelope(contractVersion: string): Envelope {
  return {
    contract: 'edfi.student',
    contractVersion,
    operation: 'upsert',
    sourceSystem: DEMO_SOURCE_SYSTEM,
    eventTime: '2026-09-01T08:00:00Z',
    record: { studentUniqueId: '604899', firstName: 'Missing', lastSurname: 'Birthdate' },
  } as Envelope;
}
