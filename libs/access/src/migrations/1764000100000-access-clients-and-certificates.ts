import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may call the API (ADR 0005): registered clients with a hashed secret and the client
 * certificates the hub CA issued to them. (This migration also created the records' index of
 * enrolments by student, which now belongs to `libs/records`: RecordEnrolmentsByStudent.)
 */
export class AccessClientsAndCertificates1764000100000 implements MigrationInterface {
  name = 'AccessClientsAndCertificates1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_client (
        client_id       text        PRIMARY KEY,
        -- scrypt$N$r$p$salt$hash; the secret itself is shown once at registration and never stored.
        secret_hash     text        NOT NULL,
        role            text        NOT NULL CHECK (role IN ('steward', 'researcher', 'agency', 'school', 'district')),
        organization_id text        NOT NULL,
        display_name    text        NOT NULL,
        status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        created_by      text        NOT NULL,
        disabled_at     timestamptz
      )`);
    // Serial numbers are random, so they identify a certificate; the fingerprint binds the
    // row to the exact certificate the CA signed.
    await queryRunner.query(`
      CREATE TABLE client_certificate (
        serial_number      text        PRIMARY KEY,
        client_id          text        NOT NULL REFERENCES api_client (client_id),
        fingerprint_sha256 text        NOT NULL UNIQUE,
        subject            text        NOT NULL,
        not_before         timestamptz NOT NULL,
        not_after          timestamptz NOT NULL,
        issued_at          timestamptz NOT NULL DEFAULT now(),
        issued_by          text        NOT NULL,
        revoked_at         timestamptz,
        revoked_by         text,
        revocation_reason  text
      )`);
    await queryRunner.query(`CREATE INDEX client_certificate_by_client ON client_certificate (client_id, issued_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE client_certificate`);
    await queryRunner.query(`DROP TABLE api_client`);
  }
}
