import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the console with OpenID Connect (ADR 0023): each identity provider's
 * (issuer, subject) maps to one role and organisation, as an API client's registration does;
 * and their server-side sessions, kept by a hash of the session id only (the id itself is in the
 * person's cookie and nowhere else). The services' role gets its privileges on both from the
 * owner's default privileges (ServiceRolePrivileges, ADR 0018).
 */
export class ConsolePeopleAndSessions1765900000000 implements MigrationInterface {
  name = 'ConsolePeopleAndSessions1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE console_person (
        person_id       text        PRIMARY KEY,
        issuer          text        NOT NULL,
        subject         text        NOT NULL,
        role            text        NOT NULL CHECK (role IN ('steward', 'researcher', 'agency', 'school', 'district')),
        organization_id text        NOT NULL,
        display_name    text        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        created_by      text        NOT NULL,
        UNIQUE (issuer, subject)
      )`);
    // Removing a person ends their sessions with them.
    await queryRunner.query(`
      CREATE TABLE console_session (
        session_hash  text        PRIMARY KEY,
        person_id     text        NOT NULL REFERENCES console_person (person_id) ON DELETE CASCADE,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX console_session_by_person ON console_session (person_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE console_session`);
    await queryRunner.query(`DROP TABLE console_person`);
  }
}
