// A synthetic state for the outcomes and public-page benchmarks: every input the outcomes job reads,
// seeded set-based into a migrated hub database as the tables' owner (not timed by either bench).
import type { DataSource } from 'typeorm';
import { SYNTHETIC_DESCRIPTORS } from '@lantern/synthetic-state';

/** The indicator year; the state holds it and the two before (high schoolers' enrolments back to 9th grade, for graduation cohorts). */
export const YEAR = 2025;
export const YEARS = 3;
/** A school per 500 students (10 to 2,000) and a district per seven schools. */
export function stateShape(students: number): { schools: number; districts: number } {
  const schools = Math.max(10, Math.min(2000, Math.round(students / 500)));
  return { schools, districts: Math.max(2, Math.round(schools / 7)) };
}
/** The schools' ids (School records' schoolId): 1000000 and up. */
export function schoolIdsOf(students: number): string[] {
  return Array.from({ length: stateShape(students).schools }, (_, index) => String(1_000_000 + index));
}
const RACES = ['White', 'Asian', 'Black - African American', 'American Indian - Alaska Native', 'Native Hawaiian - Pacific Islander', 'White', 'White'];

/**
 * Student n (1…N) is in grade (n % 13) + k in school year 2023 + k (k = 0…2), at school n % schools
 * (one in 30 moves school each year); high schoolers also have their enrolments back to 9th grade.
 * 12th graders graduate on 1 June (one in 12 drops out instead). Scores for grades 3–8, attendance
 * and calendars for the indicator year, and for its graduates postsecondary terms, credentials and
 * wages, each source under its own person ids linked to the same SID.
 */
export async function seedOutcomesState(dataSource: DataSource, students: number, say: (line: string) => void): Promise<void> {
  const { schools, districts } = stateShape(students);
  const insert = async (what: string, contract: string, source: string, naturalKey: string, record: string, from: string, personLocalId = 'NULL') => {
    const started = Date.now();
    await dataSource.query(
      `INSERT INTO record_version (contract_id, contract_version, source_system, natural_key, operation, event_time, record, topic, partition, kafka_offset, arrived_at, person_local_id)
       WITH p AS (SELECT $1::int AS students, $2::int AS schools, $3::int AS districts, $4::text[] AS grades, $5::text[] AS races, $6::int AS year)
       SELECT '${contract}', '1.0.0', '${source}', ${naturalKey}, 'upsert', timestamptz '2025-08-15T00:00:00Z', ${record}, 'bench', 0, 0, now(), ${personLocalId}
         FROM p, ${from}`,
      [students, schools, districts, SYNTHETIC_DESCRIPTORS.GRADE_LEVEL_CODES, RACES, YEAR],
    );
    say(`seeded ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const school = (years: string) => `(1000000 + (n + (${years}) * (n % 30 = 0)::int * 7) % p.schools)`;
  await insert(
    'schools',
    'edfi.school',
    'bench-state',
    `format('[%s]', 1000000 + s)`,
    // As the edfi.school contract requires, with an address as the public directory shows it.
    `jsonb_build_object('schoolId', 1000000 + s, 'nameOfInstitution', 'School ' || s, 'localEducationAgencyReference', jsonb_build_object('localEducationAgencyId', 5000 + s % p.districts),
       'educationOrganizationCategories', jsonb_build_array(jsonb_build_object('educationOrganizationCategoryDescriptor', 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School')),
       'gradeLevels', (SELECT jsonb_agg(jsonb_build_object('gradeLevelDescriptor', 'uri://ed-fi.org/GradeLevelDescriptor#' || grade)) FROM unnest(p.grades) grade),
       'addresses', jsonb_build_array(jsonb_build_object('addressTypeDescriptor', 'uri://ed-fi.org/AddressTypeDescriptor#Physical', 'streetNumberName', (100 + s) || ' Main Street',
         'city', 'City ' || s % p.districts, 'stateAbbreviationDescriptor', 'uri://ed-fi.org/StateAbbreviationDescriptor#TX', 'postalCode', lpad((75000 + s % 1000)::text, 5, '0'))))`,
    `generate_series(0, p.schools - 1) AS s`,
  );
  const id = `'S-' || n`;
  const studentReference = `jsonb_build_object('studentUniqueId', ${id})`;
  await insert(
    'characteristics',
    'edfi.studentEducationOrganizationAssociation',
    'bench-sis',
    `format('[%s,"%s"]', 5000, ${id})`,
    `jsonb_build_object('educationOrganizationReference', jsonb_build_object('educationOrganizationId', 5000), 'studentReference', ${studentReference},
       'sexDescriptor', 'uri://ed-fi.org/SexDescriptor#' || CASE WHEN n % 2 = 0 THEN 'Female' ELSE 'Male' END, 'hispanicLatinoEthnicity', n % 5 = 0,
       'races', jsonb_build_array(jsonb_build_object('raceDescriptor', 'uri://ed-fi.org/RaceDescriptor#' || p.races[1 + n % 7])),
       'studentCharacteristics', (SELECT coalesce(jsonb_agg(jsonb_build_object('studentCharacteristicDescriptor', 'uri://ed-fi.org/StudentCharacteristicDescriptor#' || c)), '[]'::jsonb)
                                    FROM unnest(ARRAY[CASE WHEN n % 3 = 0 THEN 'Economic Disadvantaged' END, CASE WHEN n % 9 = 0 THEN 'Limited English Proficient' END,
                                                      CASE WHEN n % 8 = 0 THEN 'Special Education' END, CASE WHEN n % 97 = 0 THEN 'Homeless' END, CASE WHEN n % 211 = 0 THEN 'Foster Care' END]) c WHERE c IS NOT NULL))`,
    `generate_series(1, p.students) AS n`,
    id,
  );
  // k: school year 2023 + k; grade n % 13 + k; high schoolers back to their 9th grade (k down to −3).
  const enrolled = `generate_series(1, p.students) AS n, generate_series(-3, ${YEARS - 1}) AS k, LATERAL (SELECT n % 13 + k AS grade, p.year - ${YEARS - 1} + k AS sy) e`;
  const graduates = `e.grade = 12`;
  await insert(
    'enrolments',
    'edfi.studentSchoolAssociation',
    'bench-sis',
    `format('["%s",%s,"%s-08-20"]', ${id}, ${school('k + 3')}, e.sy - 1)`,
    `jsonb_build_object('studentReference', ${studentReference}, 'schoolReference', jsonb_build_object('schoolId', ${school('k + 3')}),
       'entryDate', (e.sy - 1) || '-08-20', 'entryGradeLevelDescriptor', 'uri://ed-fi.org/GradeLevelDescriptor#' || p.grades[1 + e.grade],
       'exitWithdrawDate', e.sy || CASE WHEN ${graduates} AND n % 12 = 0 THEN '-02-01' ELSE '-06-01' END,
       'exitWithdrawTypeDescriptor', 'uri://ed-fi.org/ExitWithdrawTypeDescriptor#' || CASE WHEN ${graduates} AND n % 12 = 0 THEN 'Dropped out' WHEN ${graduates} THEN 'Graduated' ELSE 'End of school year' END)`,
    `${enrolled} WHERE e.grade BETWEEN 0 AND 12 AND (k >= 0 OR e.grade >= 9)`,
    id,
  );
  await insert(
    'diplomas',
    'edfi.studentAcademicRecord',
    'bench-sis',
    `format('[%s,%s,"%s","Spring Semester"]', ${school('k + 3')}, e.sy, ${id})`,
    `jsonb_build_object('educationOrganizationReference', jsonb_build_object('educationOrganizationId', ${school('k + 3')}), 'schoolYearTypeReference', jsonb_build_object('schoolYear', e.sy),
       'studentReference', ${studentReference}, 'termDescriptor', 'uri://ed-fi.org/TermDescriptor#Spring Semester',
       'diplomas', jsonb_build_array(jsonb_build_object('diplomaTypeDescriptor', 'uri://ed-fi.org/DiplomaTypeDescriptor#Regular diploma', 'diplomaAwardDate', e.sy || '-06-01')))`,
    `${enrolled} WHERE ${graduates} AND n % 12 <> 0`,
    id,
  );
  for (const [subject, identifier] of [
    ['ela', 'STATE-ELA'],
    ['math', 'STATE-MATH'],
  ]) {
    await insert(
      `${subject} scores`,
      'edfi.studentAssessment',
      'bench-sis',
      `format('["${identifier}","uri://state.example","%s-%s","%s"]', e.sy, ${id}, ${id})`,
      `jsonb_build_object('studentAssessmentIdentifier', e.sy || '-' || ${id}, 'assessmentReference', jsonb_build_object('assessmentIdentifier', '${identifier}', 'namespace', 'uri://state.example'),
         'studentReference', ${studentReference}, 'reportedSchoolReference', jsonb_build_object('schoolId', ${school('k + 3')}), 'schoolYearTypeReference', jsonb_build_object('schoolYear', e.sy),
         'whenAssessedGradeLevelDescriptor', 'uri://ed-fi.org/GradeLevelDescriptor#' || p.grades[1 + e.grade],
         'scoreResults', jsonb_build_array(jsonb_build_object('assessmentReportingMethodDescriptor', 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score',
            'result', (2200 + e.grade * 60 + (n::bigint * 7919) % 240 + (n::bigint * (k + 7) * 104729) % 90 + ${subject === 'ela' ? 0 : 15} * (n % 4))::text,
            'resultDatatypeTypeDescriptor', 'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer')))`,
      `${enrolled} WHERE k >= 0 AND e.grade BETWEEN 3 AND 8`,
      id,
    );
  }
  await insert(
    'calendars',
    'edfi.calendarDate',
    'bench-sis',
    `format('["%s",%s,%s,"%s"]', 'main', 1000000 + s, p.year, d::date)`,
    `jsonb_build_object('calendarReference', jsonb_build_object('calendarCode', 'main', 'schoolId', 1000000 + s, 'schoolYear', p.year), 'date', to_char(d, 'YYYY-MM-DD'),
       'calendarEvents', jsonb_build_array(jsonb_build_object('calendarEventDescriptor', 'uri://ed-fi.org/CalendarEventDescriptor#Instructional day')))`,
    `generate_series(0, p.schools - 1) AS s, generate_series(make_date(p.year - 1, 8, 20), make_date(p.year, 5, 29), interval '1 day') AS d WHERE extract(isodow FROM d) < 6`,
  );
  // One student in eight misses 8–27 days of the indicator year; a few others a day or two.
  await insert(
    'absences',
    'edfi.studentSchoolAttendanceEvent',
    'bench-sis',
    `format('["Excused Absence","%s",%s,%s,"Fall","%s"]', make_date(p.year - 1, 9, 1) + a * 7, ${school(`${YEARS - 1} + 3`)}, p.year, ${id})`,
    `jsonb_build_object('attendanceEventCategoryDescriptor', 'uri://ed-fi.org/AttendanceEventCategoryDescriptor#' || CASE WHEN a % 3 = 0 THEN 'Unexcused Absence' ELSE 'Excused Absence' END,
       'eventDate', to_char(make_date(p.year - 1, 9, 1) + a * 7, 'YYYY-MM-DD'), 'schoolReference', jsonb_build_object('schoolId', ${school(`${YEARS - 1} + 3`)}),
       'sessionReference', jsonb_build_object('schoolId', ${school(`${YEARS - 1} + 3`)}, 'schoolYear', p.year, 'sessionName', 'Fall'), 'studentReference', ${studentReference})`,
    `generate_series(1, p.students) AS n, LATERAL generate_series(1, CASE WHEN n % 8 = 0 THEN 8 + n % 20 WHEN n % 5 = 0 THEN 1 + n % 2 ELSE 0 END) AS a WHERE n % 13 + ${YEARS - 1} <= 12`,
    id,
  );
  // The indicator year's graduates (grade 12 in it, not dropped out) under the college's and the wage system's ids.
  const graduated = `generate_series(1, p.students) AS n WHERE n % 13 = ${12 - (YEARS - 1)} AND n % 12 <> 0`;
  const collegePerson = `jsonb_build_object('localPersonId', 'P-' || n, 'firstName', 'First', 'lastSurname', 'Last-' || n)`;
  await insert(
    'college terms',
    'postsecondary.termEnrollment',
    'bench-ihe',
    `format('["100654","P-%s",%s,"%s"]', n, p.year + 1 + t, t)`,
    `jsonb_build_object('institutionReference', jsonb_build_object('ipedsUnitId', '100654'), 'person', ${collegePerson}, 'academicYear', p.year + 1 + t,
       'termDescriptor', 'uri://lantern.example/TermDescriptor#Fall', 'termBeginDate', (p.year + t) || '-08-25', 'termEndDate', (p.year + t) || '-12-15')`,
    `${graduated.replace(' WHERE ', ', generate_series(0, 1) AS t WHERE ')} AND n % 20 < 11`,
    `'P-' || n`,
  );
  await insert(
    'credentials',
    'postsecondary.credentialAward',
    'bench-ihe',
    `format('["100654","P-%s","%s-05-15","Associate","24.0101"]', n, p.year + 2 + n % 4)`,
    `jsonb_build_object('institutionReference', jsonb_build_object('ipedsUnitId', '100654'), 'person', ${collegePerson}, 'awardDate', (p.year + 2 + n % 4) || '-05-15',
       'credentialTypeDescriptor', 'uri://lantern.example/CredentialTypeDescriptor#Associate', 'cipCode', '24.0101')`,
    `${graduated} AND n % 20 < 6`,
    `'P-' || n`,
  );
  await insert(
    'wages',
    'workforce.quarterlyWage',
    'bench-ui',
    `format('["99-1","W-%s",%s,%s]', n, p.year + q / 4, 1 + q % 4)`,
    `jsonb_build_object('employer', jsonb_build_object('employerAccountNumber', '99-1'), 'person', jsonb_build_object('localPersonId', 'W-' || n, 'firstName', 'First', 'lastSurname', 'Last-' || n),
       'year', p.year + q / 4, 'quarter', 1 + q % 4, 'wages', 2500 + (n * 31) % 4000 + q * 40)`,
    `${graduated.replace(' WHERE ', ', generate_series(3, 26) AS q WHERE ')} AND n % 10 < 6 AND (q < 11 OR q >= 19)`,
    `'W-' || n`,
  );
  await insert(
    'expenditures',
    'hub.schoolExpenditure',
    'bench-state',
    `format('[%s,%s,"%s","%s"]', 5000 + s % p.districts, s, f, c)`,
    `jsonb_build_object('educationOrganizationReference', jsonb_build_object('educationOrganizationId', CASE WHEN s < p.schools THEN 1000000 + s ELSE 5000 + s % p.districts END),
       'localEducationAgencyReference', jsonb_build_object('localEducationAgencyId', 5000 + s % p.districts), 'fiscalYear', p.year, 'fundSource', f, 'category', c, 'amount', 400000 + (s * 7919) % 900000)`,
    `generate_series(0, p.schools + p.districts - 1) AS s, unnest(ARRAY['federal', 'state-local']) AS f, unnest(ARRAY['personnel', 'non-personnel']) AS c`,
  );
  await insert(
    'school plans',
    'hub.schoolPlan',
    'bench-state',
    `format('[%s,%s]', 1000000 + s, p.year)`,
    `jsonb_build_object('schoolReference', jsonb_build_object('schoolId', 1000000 + s), 'schoolYearTypeReference', jsonb_build_object('schoolYear', p.year), 'goals', jsonb_build_array(
       jsonb_build_object('goalIdentifier', 'absence', 'statement', 'Fewer students chronically absent', 'indicator', 'chronic-absenteeism', 'studentGroup', 'all', 'direction', 'decrease',
         'baseline', jsonb_build_object('schoolYear', p.year - 1, 'value', 0.15), 'target', jsonb_build_object('schoolYear', p.year + 2, 'value', 0.08))))`,
    `generate_series(0, p.schools - 1) AS s`,
  );
  const started = Date.now();
  await dataSource.query(
    `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id, id_namespace)
     SELECT source, prefix || n, '{}'::jsonb, 'BENCH-SID-' || n, 'BENCH-SID-' || n, 'new', NULL, 'synthetic', 'state-student-id'
       FROM generate_series(1, $1::int) AS n, (VALUES ('bench-sis', 'S-'), ('bench-ihe', 'P-'), ('bench-ui', 'W-')) AS s(source, prefix)
      WHERE source = 'bench-sis' OR n % 13 = ${12 - (YEARS - 1)}`,
    [students],
  );
  await dataSource.query(`ANALYZE record_version`);
  await dataSource.query(`ANALYZE identity_record`);
  say(`seeded the crosswalk and statistics in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
