import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash-chained audit log (ADR 0006). Services reach it as lantern_service, which may
 * only insert and read; a trigger refuses UPDATE, DELETE and TRUNCATE to every role, the
 * owner included, unless the owner first disables it (which the verifier then exposes).
 */
export class AuditLog1764000200000 implements MigrationInterface {
  name = 'AuditLog1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_entry (
        id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind          text        NOT NULL,
        actor         text        NOT NULL,
        subject       text,
        details       jsonb       NOT NULL,
        recorded_at   timestamptz NOT NULL,
        previous_hash text        NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
        hash          text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT audit_entry_hash_unique UNIQUE (hash),
        -- No two entries follow the same one: the chain cannot fork.
        CONSTRAINT audit_entry_single_successor UNIQUE (previous_hash)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()`);
    // Roles belong to the whole server, so another database (or a concurrent migration
    // of one) may have created it first.
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lantern_service') THEN
          CREATE ROLE lantern_service NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON audit_entry FROM PUBLIC`);
    await queryRunner.query(`GRANT SELECT, INSERT ON audit_entry TO lantern_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The role stays: other databases on the server may still grant it privileges.
    await queryRunner.query(`DROP TABLE audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_refuse_change()`);
  }
}
