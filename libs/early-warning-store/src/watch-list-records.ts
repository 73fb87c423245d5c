import { EARLY_WARNING_CONTRACTS, type StudentRecords } from '@lantern/early-warning';
import { type LocalDate, type Queryable, RecordsReadModel } from '@lantern/records';

const PERSON_CONTRACTS = [EARLY_WARNING_CONTRACTS.student, EARLY_WARNING_CONTRACTS.attendance, EARLY_WARNING_CONTRACTS.discipline, EARLY_WARNING_CONTRACTS.grade];

/**
 * What the watch list judges, read through the records read model: each child currently enrolled
 * at the school as of `asOf`, with the current records of the ABC contracts that belong to them.
 */
export class WatchListRecords {
  private readonly records: RecordsReadModel;

  constructor(database: Queryable) {
    this.records = new RecordsReadModel(database);
  }

  async enrolledAt(schoolId: string, asOf: LocalDate): Promise<StudentRecords[]> {
    // One enrolment per child: the earliest entry when sources send several.
    const enrolments = new Map<string, Awaited<ReturnType<RecordsReadModel['currentEnrolmentsAt']>>[number]>();
    for (const enrolment of await this.records.currentEnrolmentsAt([schoolId], asOf)) if (!enrolments.has(enrolment.sid)) enrolments.set(enrolment.sid, enrolment);
    const students = new Map<string, StudentRecords>(
      [...enrolments.values()].map((enrolment) => [
        enrolment.sid,
        {
          sid: enrolment.sid,
          studentUniqueId: enrolment.studentUniqueId,
          firstName: null,
          lastSurname: null,
          schoolId,
          enrolment: { entryDate: enrolment.entryDate, exitWithdrawDate: enrolment.exitWithdrawDate },
          attendanceEvents: [],
          disciplineActions: [],
          grades: [],
        },
      ]),
    );
    for (const { sid, contractId, record } of await this.records.currentRecordsOfPeople([...students.keys()], PERSON_CONTRACTS)) {
      const student = students.get(sid)!;
      if (contractId === EARLY_WARNING_CONTRACTS.student) {
        const { firstName, lastSurname } = record as { firstName?: string; lastSurname?: string };
        student.firstName ??= firstName ?? null;
        student.lastSurname ??= lastSurname ?? null;
      } else if (contractId === EARLY_WARNING_CONTRACTS.attendance) (student.attendanceEvents as unknown[]).push(record);
      else if (contractId === EARLY_WARNING_CONTRACTS.discipline) (student.disciplineActions as unknown[]).push(record);
      else (student.grades as unknown[]).push(record);
    }
    return [...students.values()];
  }
}
