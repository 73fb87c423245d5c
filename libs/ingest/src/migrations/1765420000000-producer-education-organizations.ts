import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The education organisations (districts and schools) a producing system may publish records
 * about (ADR 0017): an enrolment at a school decides who may read a child, so only the producer
 * registered for that school or its district may publish one. Existing producers get none.
 */
export class ProducerEducationOrganizations1765420000000 implements MigrationInterface {
  name = 'ProducerEducationOrganizations1765420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE producing_system ADD COLUMN education_organization_ids text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE producing_system DROP COLUMN education_organization_ids`);
  }
}
