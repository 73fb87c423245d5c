import type { DataSource } from 'typeorm';
import { ownerOf } from '../test-database';
import { SYNTHETIC_DESCRIPTORS } from '@lantern/synthetic-state';

const RACES = ['White', 'Black - African American', 'Asian', 'American Indian - Alaska Native', 'Native Hawaiian - Pacific Islander'];

export interface LinkedPopulation {
  people: number;
  districts: number[];
  schools: number[];
  /** Local ids (the SIS's studentUniqueId), first names, surnames and SIDs follow these patterns with the person's number. */
  patterns: { studentUniqueId: string; firstName: string; lastSurname: string; sid: string };
}

const DISTRICTS = 4;
const SCHOOLS_PER_DISTRICT = 5;

/**
 * A synthetic linked population written straight into the hub's tables, as ingest and identity
 * resolution would have left them (one SIS, every student resolved to a SID): per person a
 * Student, a StudentEducationOrganizationAssociation, a 2025–26 enrolment and a 2026
 * assessment. For extract tests, benchmarks and demos; set-based SQL, so a million people take
 * about a minute. Person n has studentUniqueId `SYN-n`, names `First-n Last-n` and SID `SYN-SID-n`.
 */
export async function seedLinkedPopulation(dataSource: DataSource, people: number): Promise<LinkedPopulation> {
  const districts = Array.from({ length: DISTRICTS }, (_, index) => 255910 + index);
  const schools = districts.flatMap((district) => Array.from({ length: SCHOOLS_PER_DISTRICT }, (_, index) => district * 1000 + index + 1));
  const insert = (contract: string, naturalKey: string, record: string, from: string, personLocalId = 'NULL') =>
    dataSource.query(
      `INSERT INTO record_version (contract_id, contract_version, source_system, natural_key, operation, event_time, record, topic, partition, kafka_offset, arrived_at, person_local_id)
       WITH p AS (SELECT $1::int AS people, $2::int[] AS schools, $3::text[] AS grades, $4::text[] AS races)
       SELECT '${contract}', '1.0.0', 'synthetic-sis', ${naturalKey}, 'upsert', timestamptz '2025-08-15T00:00:00Z', ${record}, 'synthetic', 0, n, now(), ${personLocalId}
         FROM p, ${from}
       ON CONFLICT DO NOTHING`,
      [people, schools, SYNTHETIC_DESCRIPTORS.GRADE_LEVEL_CODES, RACES],
    );
  await insert(
    'edfi.school',
    `format('[%s]', s)`,
    `jsonb_build_object('schoolId', s, 'nameOfInstitution', 'School ' || s, 'localEducationAgencyReference', jsonb_build_object('localEducationAgencyId', s / 1000))`,
    `unnest(p.schools) WITH ORDINALITY AS t(s, n)`,
  );
  const everyone = `generate_series(1, p.people) AS n`;
  const school = `p.schools[1 + n % array_length(p.schools, 1)]`;
  const id = `'SYN-' || n`;
  const studentReference = `jsonb_build_object('studentUniqueId', ${id})`;
  await insert(
    'edfi.student',
    `format('["%s"]', ${id})`,
    `jsonb_build_object('studentUniqueId', ${id}, 'firstName', 'First-' || n, 'lastSurname', 'Last-' || n,
       'birthDate', to_char(date '2008-01-01' + (n::bigint * 7919 % 3650)::int, 'YYYY-MM-DD'),
       'birthSexDescriptor', 'uri://ed-fi.org/SexDescriptor#' || CASE WHEN n % 2 = 0 THEN 'Female' ELSE 'Male' END)`,
    everyone,
    id,
  );
  await insert(
    'edfi.studentEducationOrganizationAssociation',
    `format('[%s,"%s"]', ${school} / 1000, ${id})`,
    `jsonb_build_object('educationOrganizationReference', jsonb_build_object('educationOrganizationId', ${school} / 1000),
       'studentReference', ${studentReference}, 'hispanicLatinoEthnicity', n % 5 = 0,
       'races', jsonb_build_array(jsonb_build_object('raceDescriptor', 'uri://ed-fi.org/RaceDescriptor#' || p.races[1 + n % 3])))`,
    everyone,
    id,
  );
  await insert(
    'edfi.studentSchoolAssociation',
    `format('["%s",%s,"2025-08-20"]', ${id}, ${school})`,
    `jsonb_build_object('studentReference', ${studentReference}, 'schoolReference', jsonb_build_object('schoolId', ${school}),
       'entryDate', '2025-08-20', 'entryGradeLevelDescriptor', 'uri://ed-fi.org/GradeLevelDescriptor#' || p.grades[1 + n % array_length(p.grades, 1)])`,
    everyone,
    id,
  );
  await insert(
    'edfi.studentAssessment',
    `format('["A-%s","STATE-MATH","%s"]', n, ${id})`,
    `jsonb_build_object('studentAssessmentIdentifier', 'A-' || n, 'assessmentReference', jsonb_build_object('assessmentIdentifier', 'STATE-MATH', 'namespace', 'uri://state.example'),
       'studentReference', ${studentReference}, 'administrationDate', '2026-04-' || lpad((1 + n % 28)::text, 2, '0'),
       'scoreResults', jsonb_build_array(jsonb_build_object('assessmentReportingMethodDescriptor', 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score', 'result', (200 + n % 300)::text, 'resultDatatypeTypeDescriptor', 'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer')))`,
    everyone,
    id,
  );
  await dataSource.query(
    `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id, id_namespace)
     SELECT 'synthetic-sis', 'SYN-' || n, jsonb_build_object('firstName', 'First-' || n), 'SYN-SID-' || n, 'SYN-SID-' || n, 'new', NULL, 'synthetic', 'state-student-id'
       FROM generate_series(1, $1::int) AS n
     ON CONFLICT DO NOTHING`,
    [people],
  );
  // Planner statistics, which only the tables' owner may gather.
  await ownerOf(dataSource).query(`ANALYZE record_version`);
  await ownerOf(dataSource).query(`ANALYZE identity_record`);
  return { people, districts, schools, patterns: { studentUniqueId: 'SYN-{n}', firstName: 'First-{n}', lastSurname: 'Last-{n}', sid: 'SYN-SID-{n}' } };
}
