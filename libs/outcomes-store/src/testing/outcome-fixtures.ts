import { type NewVersion, RecordVersionStore } from '@lantern/records';
import type { DataSource } from 'typeorm';

const SIS = 'lea.sis';
let offset = 0;

/** A fixture record: contract, natural key parts, the record, and (for records about a person) the SIS's student id. */
export interface FixtureRecord {
  contract: string;
  key: unknown[];
  record: Record<string, unknown>;
  student?: string;
}

const grade = (name: string) => `uri://ed-fi.org/GradeLevelDescriptor#${name}`;

export const fixture = {
  school: (schoolId: number, districtId: number): FixtureRecord => ({
    contract: 'edfi.school',
    key: [schoolId],
    record: { schoolId, nameOfInstitution: `School ${schoolId}`, localEducationAgencyReference: { localEducationAgencyId: districtId } },
  }),
  enrolment: (student: string, schoolId: number, entryDate: string, entryGrade: string, exit?: { date: string; type: string; documented?: boolean }): FixtureRecord => ({
    contract: 'edfi.studentSchoolAssociation',
    key: [student, schoolId, entryDate],
    student,
    record: {
      studentReference: { studentUniqueId: student },
      schoolReference: { schoolId },
      entryDate,
      entryGradeLevelDescriptor: grade(entryGrade),
      ...(exit
        ? {
            exitWithdrawDate: exit.date,
            exitWithdrawTypeDescriptor: `uri://ed-fi.org/ExitWithdrawTypeDescriptor#${exit.type}`,
            ...(exit.documented === undefined ? {} : { exitWithdrawDocumented: exit.documented }),
          }
        : {}),
    },
  }),
  diploma: (student: string, schoolId: number, awardDate: string, type = 'Regular diploma'): FixtureRecord => ({
    contract: 'edfi.studentAcademicRecord',
    key: [schoolId, Number(awardDate.slice(0, 4)), student, 'Spring Semester'],
    student,
    record: {
      educationOrganizationReference: { educationOrganizationId: schoolId },
      schoolYearTypeReference: { schoolYear: Number(awardDate.slice(0, 4)) },
      studentReference: { studentUniqueId: student },
      termDescriptor: 'uri://ed-fi.org/TermDescriptor#Spring Semester',
      diplomas: [{ diplomaTypeDescriptor: `uri://ed-fi.org/DiplomaTypeDescriptor#${type}`, diplomaAwardDate: awardDate }],
    },
  }),
  race: (student: string, districtId: number, race: string): FixtureRecord => ({
    contract: 'edfi.studentEducationOrganizationAssociation',
    key: [districtId, student],
    student,
    record: {
      educationOrganizationReference: { educationOrganizationId: districtId },
      studentReference: { studentUniqueId: student },
      races: [{ raceDescriptor: `uri://ed-fi.org/RaceDescriptor#${race}` }],
    },
  }),
  calendarDay: (schoolId: number, date: string): FixtureRecord => ({
    contract: 'edfi.calendarDate',
    key: ['main', schoolId, 2025, date],
    record: {
      calendarReference: { calendarCode: 'main', schoolId, schoolYear: 2025 },
      date,
      calendarEvents: [{ calendarEventDescriptor: 'uri://ed-fi.org/CalendarEventDescriptor#Instructional day' }],
    },
  }),
  attendance: (student: string, schoolId: number, eventDate: string, category: string): FixtureRecord => ({
    contract: 'edfi.studentSchoolAttendanceEvent',
    key: [category, eventDate, schoolId, 2025, 'Fall', student],
    student,
    record: {
      attendanceEventCategoryDescriptor: `uri://ed-fi.org/AttendanceEventCategoryDescriptor#${category}`,
      eventDate,
      schoolReference: { schoolId },
      sessionReference: { schoolId, schoolYear: 2025, sessionName: 'Fall' },
      studentReference: { studentUniqueId: student },
    },
  }),
  schoolPlan: (schoolId: number, goals: Array<Record<string, unknown>>, schoolYear = 2025): FixtureRecord => ({
    contract: 'hub.schoolPlan',
    key: [schoolId, schoolYear],
    record: { schoolReference: { schoolId }, schoolYearTypeReference: { schoolYear }, goals },
  }),
};

/**
 * Stores fixture records through the records' own write path (RecordVersionStore), and gives
 * every SIS student a SID in the identity service's table, as identity resolution would.
 */
export async function storeOutcomeFixture(dataSource: DataSource, records: readonly FixtureRecord[]): Promise<void> {
  const versions: NewVersion[] = records.map((entry) => ({
    contractId: entry.contract,
    contractVersion: '1.0.0',
    sourceSystem: SIS,
    naturalKey: JSON.stringify(entry.key),
    operation: 'upsert',
    eventTime: '2025-07-01T00:00:00Z',
    record: entry.record,
    lineage: { topic: 'fixture', partition: 0, offset: String(offset++) },
    ...(entry.student ? { personLocalId: entry.student } : {}),
  }));
  await dataSource.transaction((manager) => new RecordVersionStore(dataSource).store(manager, versions, new Date()));
  const students = [...new Set(records.flatMap((entry) => (entry.student ? [entry.student] : [])))];
  await dataSource.query(
    `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id, id_namespace)
     SELECT $1, local_id, '{}'::jsonb, 'SID-' || local_id, 'SID-' || local_id, 'new', NULL, 'fixture', 'state-student-id' FROM unnest($2::text[]) AS local_id
     ON CONFLICT DO NOTHING`,
    [SIS, students],
  );
}
