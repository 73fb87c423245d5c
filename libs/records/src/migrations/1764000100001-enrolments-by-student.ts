import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a school's or district's scoped reads find a student's enrolments without scanning
 * every enrolment in the state. Databases built before the tables had owners already have it
 * (from AccessClientsAndCertificates1764000100000), hence IF NOT EXISTS.
 */
export class RecordEnrolmentsByStudent1764000100001 implements MigrationInterface {
  name = 'RecordEnrolmentsByStudent1764000100001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS record_version_enrolment_by_student
          ON record_version ((record #>> '{studentReference,studentUniqueId}'))
       WHERE contract_id = 'edfi.studentSchoolAssociation'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX record_version_enrolment_by_student`);
  }
}
