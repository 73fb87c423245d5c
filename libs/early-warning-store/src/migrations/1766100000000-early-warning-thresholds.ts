import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each district's early-warning thresholds (issue 15, item 6b): one row per district that set
 * its own; a district without a row uses the defaults of @lantern/early-warning.
 */
export class EarlyWarningThresholds1766100000000 implements MigrationInterface {
  name = 'EarlyWarningThresholds1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE early_warning_threshold (
        district_id text        PRIMARY KEY,
        thresholds  jsonb       NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text        NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE early_warning_threshold`);
  }
}
