import type { MigrationInterface, QueryRunner } from 'typeorm';

const HISTORY_TABLES = ['disclosure', 'disclosure_student'];

/**
 * The record of disclosures (FERPA 34 CFR 99.32): who received which students' records, when,
 * for what purpose, under which agreement version. Rows are never changed or removed (the
 * agreements migration's refuse_history_change). Databases built before the tables had owners
 * already have these (from AgreementsAndDisclosures1764000210000): every statement is idempotent.
 */
export class RecordOfDisclosures1764000210001 implements MigrationInterface {
  name = 'RecordOfDisclosures1764000210001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS disclosure (
        id                        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        disclosed_at              timestamptz NOT NULL,
        recipient_organization_id text        NOT NULL,
        recipient_client_id       text        NOT NULL,
        purpose                   text        NOT NULL,
        agreement_id              uuid        NOT NULL,
        agreement_version         integer     NOT NULL,
        decision_id               uuid        NOT NULL,
        elements                  jsonb       NOT NULL,
        FOREIGN KEY (agreement_id, agreement_version) REFERENCES agreement_version (agreement_id, version)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS disclosure_by_recipient ON disclosure (recipient_organization_id, id)`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS disclosure_student (
        sid           text   NOT NULL,
        disclosure_id bigint NOT NULL REFERENCES disclosure (id),
        PRIMARY KEY (sid, disclosure_id)
      )`);
    for (const table of HISTORY_TABLES) {
      await queryRunner.query(`CREATE OR REPLACE TRIGGER ${table}_keeps_history BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
      await queryRunner.query(`CREATE OR REPLACE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
      await queryRunner.query(`REVOKE ALL ON ${table} FROM PUBLIC`);
      await queryRunner.query(`GRANT SELECT, INSERT ON ${table} TO lantern_service`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...HISTORY_TABLES].reverse()) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
