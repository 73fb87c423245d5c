import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project's cohort label decided what its extracts could reach, yet named nothing the hub
 * could check (issue 12, item 5): each request's cohort is now checked against the criteria of
 * the agreement, so the label goes.
 */
export class ProjectCohortLabel1765200000000 implements MigrationInterface {
  name = 'ProjectCohortLabel1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE research_project DROP COLUMN cohort_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE research_project ADD COLUMN cohort_id text`);
  }
}
