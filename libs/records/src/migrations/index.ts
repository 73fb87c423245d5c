import { IngestRecordVersions1764000000000 } from './1764000000000-record-versions';
import { RecordEnrolmentsByStudent1764000100001 } from './1764000100001-enrolments-by-student';
import { RecordPerson1764000300001 } from './1764000300001-record-person';
import { RecordCurrentVersion1764900000000 } from './1764900000000-record-current-version';
import { CurrentEnrolmentsBySchool1766300000000 } from './1766300000000-current-enrolments-by-school';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const RECORDS_MIGRATIONS = [
  IngestRecordVersions1764000000000,
  RecordEnrolmentsByStudent1764000100001,
  RecordPerson1764000300001,
  RecordCurrentVersion1764900000000,
  CurrentEnrolmentsBySchool1766300000000,
];
