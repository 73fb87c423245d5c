import { ContractRegistry, valueAtPointer } from '@lantern/contracts';
import { LanternErrorCode } from '@lantern/errors';
import { type Principal, Role } from '@lantern/governance';
import { RecordVersionStore } from '@lantern/records';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { ScopedRecordReader } from './scoped-record-reader';

const registry = ContractRegistry.default();
const TODAY = new Date(2027, 0, 15, 12, 0, 0);

// Two districts with one school each; a third school has no School record (so no district).
const DISTRICT_A = 255901;
const SCHOOL_A = 255901001;
const DISTRICT_B = 255902;
const SCHOOL_B = 255902001;

function principal(role: Role, organizationId: string | number): Principal {
  return { clientId: `test-${role}`, role, organizationId: String(organizationId), authenticatedBy: 'client-secret' };
}

describe('ScopedRecordReader against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let offset = 0;

  /**
   * Stores one version through the records store as ingest does (its own tests cover ingest):
   * natural key from the catalogue, lineage made up; each student has a SID of its own (the
   * identity service's crosswalk, seeded directly).
   */
  async function store(contractId: string, record: Record<string, unknown>, eventTime: string, operation: 'upsert' | 'delete' = 'upsert') {
    const contract = registry.contract(contractId);
    const personLocalId = contract.person ? String(valueAtPointer(record, contract.person.localId)) : undefined;
    const version = {
      contractId: contract.id,
      contractVersion: contract.version,
      sourceSystem: 'sis',
      naturalKey: registry.naturalKey(contract, record),
      operation,
      eventTime,
      record,
      lineage: { topic: 'test', partition: 0, offset: String(offset++) },
      personLocalId,
    };
    await dataSource.transaction((manager) => new RecordVersionStore(dataSource).store(manager, [version], new Date()));
    if (personLocalId) await crosswalk(`'${personLocalId}'`);
  }

  /** Crosswalk rows ('sis', id) → SID-id for the given ids (a SQL select of local ids). */
  const crosswalk = (localIds: string) =>
    dataSource.query(
      `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id)
       SELECT 'sis', id, NULL, 'SID-' || id, 'SID-' || id, 'new', NULL, 'test' FROM (SELECT ${localIds} AS id) ids ON CONFLICT DO NOTHING`,
    );

  const student = (studentUniqueId: string) => store('edfi.student', { studentUniqueId, firstName: 'Test', lastSurname: studentUniqueId, birthDate: '2012-03-04' }, '2026-08-01T00:00:00Z');
  const school = (schoolId: number, localEducationAgencyId: number) =>
    store('edfi.school', { schoolId, nameOfInstitution: `School ${schoolId}`, localEducationAgencyReference: { localEducationAgencyId } }, '2026-07-01T00:00:00Z');
  const enrolment = (studentUniqueId: string, schoolId: number, extra: Record<string, unknown> = {}, eventTime = '2026-08-20T00:00:00Z', operation: 'upsert' | 'delete' = 'upsert') =>
    store('edfi.studentSchoolAssociation', { studentReference: { studentUniqueId }, schoolReference: { schoolId }, entryDate: '2026-08-19', ...extra }, eventTime, operation);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    await school(SCHOOL_A, DISTRICT_A);
    await school(SCHOOL_B, DISTRICT_B);
    for (const id of ['ENROLLED-A', 'ENROLLED-B', 'EXITED-A', 'LEAVING-A', 'WITHDRAWN-LATER-A', 'DELETED-A', 'TRANSFERRED-B', 'NO-ENROLMENT']) await student(id);
    await enrolment('ENROLLED-A', SCHOOL_A);
    await enrolment('ENROLLED-B', SCHOOL_B);
    await enrolment('EXITED-A', SCHOOL_A, { exitWithdrawDate: '2027-01-14' });
    await enrolment('LEAVING-A', SCHOOL_A, { exitWithdrawDate: '2027-01-15' });
    // The current version of an enrolment decides, not any older one.
    await enrolment('WITHDRAWN-LATER-A', SCHOOL_A);
    await enrolment('WITHDRAWN-LATER-A', SCHOOL_A, { exitWithdrawDate: '2026-12-18' }, '2026-12-18T00:00:00Z');
    await enrolment('DELETED-A', SCHOOL_A);
    await enrolment('DELETED-A', SCHOOL_A, {}, '2026-09-01T00:00:00Z', 'delete');
    await enrolment('TRANSFERRED-B', SCHOOL_A, { exitWithdrawDate: '2026-10-31' });
    await enrolment('TRANSFERRED-B', SCHOOL_B, { entryDate: '2026-11-01' }, '2026-11-01T00:00:00Z');
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function visibleStudents(reader: ScopedRecordReader): Promise<string[]> {
    const ids = ['ENROLLED-A', 'ENROLLED-B', 'EXITED-A', 'LEAVING-A', 'WITHDRAWN-LATER-A', 'DELETED-A', 'TRANSFERRED-B', 'NO-ENROLMENT', 'NOBODY'];
    const visible: string[] = [];
    for (const id of ids) {
      const versions = await reader.current('edfi.student', registry.naturalKey('edfi.student', { studentUniqueId: id }));
      if (versions.length > 0) visible.push(id);
    }
    return visible;
  }

  it('lets a steward read every stored student, with lineage', async () => {
    const reader = ScopedRecordReader.for(principal(Role.Steward, 'sea'), dataSource, TODAY);
    expect(await visibleStudents(reader)).toEqual(['ENROLLED-A', 'ENROLLED-B', 'EXITED-A', 'LEAVING-A', 'WITHDRAWN-LATER-A', 'DELETED-A', 'TRANSFERRED-B', 'NO-ENROLMENT']);
    const [version] = await reader.current('edfi.student', '["ENROLLED-A"]');
    expect(version).toMatchObject({ contractId: 'edfi.student', sourceSystem: 'sis', record: { studentUniqueId: 'ENROLLED-A' }, lineage: { topic: 'test', partition: 0 } });
  });

  it('lets a school read only the students currently enrolled in it (exit date today still counts)', async () => {
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.School, SCHOOL_A), dataSource, TODAY))).toEqual(['ENROLLED-A', 'LEAVING-A']);
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.School, SCHOOL_B), dataSource, TODAY))).toEqual(['ENROLLED-B', 'TRANSFERRED-B']);
  });

  it('lets a district read the students currently enrolled in any of its schools', async () => {
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.District, DISTRICT_A), dataSource, TODAY))).toEqual(['ENROLLED-A', 'LEAVING-A']);
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.District, DISTRICT_B), dataSource, TODAY))).toEqual(['ENROLLED-B', 'TRANSFERRED-B']);
    // A district id that happens to equal a school id grants nothing through the school comparison.
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.District, SCHOOL_A), dataSource, TODAY))).toEqual([]);
  });

  it('scopes other K-12 records by the student they name, and shows a school no other domain', async () => {
    const reader = ScopedRecordReader.for(principal(Role.School, SCHOOL_A), dataSource, TODAY);
    const enrolmentKey = (studentUniqueId: string, schoolId: number) =>
      registry.naturalKey('edfi.studentSchoolAssociation', { studentReference: { studentUniqueId }, schoolReference: { schoolId }, entryDate: '2026-08-19' });
    expect(await reader.current('edfi.studentSchoolAssociation', enrolmentKey('ENROLLED-A', SCHOOL_A))).toHaveLength(1);
    expect(await reader.current('edfi.studentSchoolAssociation', enrolmentKey('ENROLLED-B', SCHOOL_B))).toEqual([]);
    const placement = registry.contracts().find((contract) => contract.domain === 'partner' && contract.person) as { id: string };
    await expect(reader.current(placement.id, '["anything"]')).resolves.toEqual([]);
  });

  it('gives researchers and agencies no record-level reader at all', () => {
    for (const role of [Role.Researcher, Role.Agency]) {
      expect(() => ScopedRecordReader.for(principal(role, 'org'), dataSource, TODAY)).toThrow(expect.objectContaining({ code: LanternErrorCode.Forbidden }));
    }
  });

  it('reads by index only: a student’s enrolments, then each one’s current version, never every enrolment in the state', async () => {
    await dataSource.query(
      `INSERT INTO record_version (contract_id, contract_version, source_system, natural_key, operation, event_time, record, topic, partition, kafka_offset, arrived_at, person_local_id)
       SELECT 'edfi.studentSchoolAssociation', '1.0.0', 'sis', format('["BULK-%s",%s,"2026-08-19"]', n, ${SCHOOL_B}), 'upsert', '2026-08-20T00:00:00Z',
              jsonb_build_object('studentReference', jsonb_build_object('studentUniqueId', 'BULK-' || n), 'schoolReference', jsonb_build_object('schoolId', ${SCHOOL_B}), 'entryDate', '2026-08-19'),
              'bulk', 0, n, now(), 'BULK-' || n
         FROM generate_series(1, 20000) AS n`,
    );
    await crosswalk(`'BULK-' || generate_series(1, 20000)`);
    // Statistics, as autovacuum would gather them; only the owner may.
    await database.owner.query('ANALYZE record_version');
    await database.owner.query('ANALYZE identity_record');
    for (const scoped of [principal(Role.School, SCHOOL_A), principal(Role.District, DISTRICT_A)]) {
      const query = jest.spyOn(dataSource, 'query');
      await ScopedRecordReader.for(scoped, dataSource, TODAY).current('edfi.student', '["ENROLLED-A"]');
      const [sql, parameters] = query.mock.calls[0];
      query.mockRestore();
      const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`EXPLAIN ${sql}`, parameters);
      const planText = plan.map((row) => row['QUERY PLAN']).join('\n');
      // The record's SID, that SID's crosswalk rows, their enrolments: each by index.
      expect(planText).toContain('identity_record_by_sid');
      expect(planText).toContain('record_version_by_person');
      expect(planText).not.toContain('Seq Scan');
    }
    expect(await visibleStudents(ScopedRecordReader.for(principal(Role.School, SCHOOL_A), dataSource, TODAY))).toEqual(['ENROLLED-A', 'LEAVING-A']);
  });
});
