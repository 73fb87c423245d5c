import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Research projects, their extract requests and the build of each approved request. A
 * request's row is also its build job: claimed with a lease, so a crashed build is picked up
 * again and restarted from nothing once the lease runs out.
 */
export class ResearchExtracts1764000400000 implements MigrationInterface {
  name = 'ResearchExtracts1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE research_project (
        id                 uuid        PRIMARY KEY,
        organization_id    text        NOT NULL,
        submitted_by       text        NOT NULL,
        submitted_at       timestamptz NOT NULL DEFAULT now(),
        agreement_id       uuid        NOT NULL REFERENCES agreement (id),
        cohort_id          text,
        title              text        NOT NULL,
        questions          jsonb       NOT NULL,
        institution        text        NOT NULL,
        team_members       jsonb       NOT NULL,
        irb_reference      text        NOT NULL,
        -- Keys the project's pseudonyms; never leaves the database.
        pseudonym_secret   bytea       NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX research_project_by_organization ON research_project (organization_id)`);
    await queryRunner.query(`
      CREATE TABLE extract_request (
        id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id         uuid        NOT NULL REFERENCES research_project (id),
        requested_by       text        NOT NULL,
        requested_at       timestamptz NOT NULL DEFAULT now(),
        specification      jsonb       NOT NULL,
        status             text        NOT NULL CHECK (status IN ('submitted', 'refused', 'approved', 'building', 'ready', 'failed')),
        review             jsonb,
        reviewed_by        text,
        reviewed_at        timestamptz,
        approved_elements  jsonb,
        decision_id        uuid,
        attempts           integer     NOT NULL DEFAULT 0,
        lease_until        timestamptz,
        progress           jsonb,
        failure            text,
        package_path       text,
        package_sha256     text,
        built_at           timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX extract_request_by_project ON extract_request (project_id, id)`);
    await queryRunner.query(`CREATE INDEX extract_request_to_build ON extract_request (id) WHERE status IN ('approved', 'building')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE extract_request`);
    await queryRunner.query(`DROP TABLE research_project`);
  }
}
