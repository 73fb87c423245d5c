import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Linked extracts (an agreement's outputRules.linkAcrossExtracts): what each linked build
 * released of each person, so the next build of the project keeps the union k-anonymous
 * (ADR 0026). `mac` is the person's HMAC under the project's linked-extracts secret (never the
 * SID), `released_key` the SHA-256 of their released quasi-identifier cells; one set of rows per
 * build attempt that committed, whether or not its package was then published (an unpublished one
 * only makes the check stricter). `linked_releases` counts a project's linked builds: each
 * updates it before committing, so two that overlap cannot both commit without seeing each other
 * (the later fails with a serialization failure and is built again).
 */
export class LinkedExtractReleases1766520000000 implements MigrationInterface {
  name = 'LinkedExtractReleases1766520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE extract_linked_release (
        project_id   uuid    NOT NULL REFERENCES research_project (id),
        request_id   bigint  NOT NULL REFERENCES extract_request (id),
        attempt      integer NOT NULL,
        mac          bytea   NOT NULL,
        released_key bytea   NOT NULL,
        PRIMARY KEY (request_id, attempt, mac)
      )`);
    await queryRunner.query(`CREATE INDEX extract_linked_release_by_person ON extract_linked_release (project_id, mac)`);
    await queryRunner.query(`ALTER TABLE research_project ADD COLUMN linked_releases bigint NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE research_project DROP COLUMN linked_releases`);
    await queryRunner.query(`DROP TABLE extract_linked_release`);
  }
}
