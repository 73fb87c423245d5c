import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a school's or district's early-warning watch list find the students currently enrolled
 * at its schools (RecordsReadModel.currentEnrolmentsAt) without scanning every current enrolment in the state.
 */
export class CurrentEnrolmentsBySchool1766300000000 implements MigrationInterface {
  name = 'CurrentEnrolmentsBySchool1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX record_version_current_enrolment_by_school
          ON record_version ((record #>> '{schoolReference,schoolId}'))
       WHERE contract_id = 'edfi.studentSchoolAssociation' AND is_current`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX record_version_current_enrolment_by_school`);
  }
}
