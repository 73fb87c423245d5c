import type { MigrationInterface, QueryRunner } from 'typeorm';

/** History tables: once written, a row is never changed or removed. */
const HISTORY_TABLES = ['agreement', 'agreement_version', 'agreement_approval', 'agreement_lifecycle_event'];

/**
 * Data-sharing agreements. They only grow: an amendment is a new version row, an approval or
 * suspension is a new event row, so the state at any past moment can be read back and every
 * decision explained. The name is the one databases already record: this migration once also
 * created the record of disclosures, which now belongs to `libs/disclosures`.
 */
export class AgreementsAndDisclosures1764000210000 implements MigrationInterface {
  name = 'AgreementsAndDisclosures1764000210000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE agreement (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`
      CREATE TABLE agreement_version (
        agreement_id uuid        NOT NULL REFERENCES agreement (id),
        version      integer     NOT NULL CHECK (version >= 1),
        terms        jsonb       NOT NULL,
        drafted_at   timestamptz NOT NULL,
        drafted_by   text        NOT NULL,
        PRIMARY KEY (agreement_id, version)
      )`);
    // Finds the agreements an organisation is party to (or a recipient of) by containment.
    await queryRunner.query(`CREATE INDEX agreement_version_by_party ON agreement_version USING gin ((terms -> 'parties') jsonb_path_ops)`);
    await queryRunner.query(`
      CREATE TABLE agreement_approval (
        agreement_id    uuid        NOT NULL,
        version         integer     NOT NULL,
        organization_id text        NOT NULL,
        approved_at     timestamptz NOT NULL,
        approved_by     text        NOT NULL,
        PRIMARY KEY (agreement_id, version, organization_id),
        FOREIGN KEY (agreement_id, version) REFERENCES agreement_version (agreement_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE agreement_lifecycle_event (
        id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id uuid        NOT NULL REFERENCES agreement (id),
        kind         text        NOT NULL CHECK (kind IN ('suspended', 'reinstated', 'terminated')),
        at           timestamptz NOT NULL,
        by_client    text        NOT NULL,
        reason       text        NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX agreement_lifecycle_event_by_agreement ON agreement_lifecycle_event (agreement_id, id)`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% keeps history: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of HISTORY_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_keeps_history BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
      await queryRunner.query(`REVOKE ALL ON ${table} FROM PUBLIC`);
      await queryRunner.query(`GRANT SELECT, INSERT ON ${table} TO lantern_service`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...HISTORY_TABLES].reverse()) await queryRunner.query(`DROP TABLE ${table}`);
    await queryRunner.query(`DROP FUNCTION refuse_history_change()`);
  }
}
