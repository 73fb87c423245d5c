import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models trained by a steward from the hub's own person records, kept as versions with their
 * cards; one is in force only once a steward activated it (the latest activation wins, so a
 * version can be reactivated to roll back). Each engine decision keeps its field-level match
 * weights, so a steward can read later why a record was linked. And counts, per source system,
 * of records resolved with a field compared as missing (data-quality warnings; never values).
 */
export class IdentityModelVersions1765613000000 implements MigrationInterface {
  name = 'IdentityModelVersions1765613000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE identity_model (
        version    bigserial   PRIMARY KEY,
        id         text        NOT NULL UNIQUE,
        -- The JSON as serialised: the id is a hash of its content.
        model      text        NOT NULL,
        card       jsonb       NOT NULL,
        trained_by text        NOT NULL,
        trained_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE identity_model_activation (
        seq          bigserial   PRIMARY KEY,
        model_id     text        NOT NULL REFERENCES identity_model (id),
        activated_by text        NOT NULL,
        activated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`ALTER TABLE identity_record ADD COLUMN evidence jsonb`);
    await queryRunner.query(`
      CREATE TABLE identity_quality_warning (
        source_system text   NOT NULL,
        field         text   NOT NULL,
        records       bigint NOT NULL,
        PRIMARY KEY (source_system, field)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE identity_quality_warning`);
    await queryRunner.query(`ALTER TABLE identity_record DROP COLUMN evidence`);
    await queryRunner.query(`DROP TABLE identity_model_activation`);
    await queryRunner.query(`DROP TABLE identity_model`);
  }
}
