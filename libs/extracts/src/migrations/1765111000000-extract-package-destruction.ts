import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Packages are destroyed once their agreement's destroyBy has passed (issue 12, item 11): the
 * request keeps its row and hash for the audit trail, loses its path, and says when.
 */
export class ExtractPackageDestruction1765111000000 implements MigrationInterface {
  name = 'ExtractPackageDestruction1765111000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE extract_request DROP CONSTRAINT extract_request_status_check`);
    await queryRunner.query(
      `ALTER TABLE extract_request ADD CONSTRAINT extract_request_status_check CHECK (status IN ('submitted', 'refused', 'approved', 'building', 'ready', 'failed', 'destroyed'))`,
    );
    await queryRunner.query(`ALTER TABLE extract_request ADD COLUMN destroyed_at timestamptz`);
    await queryRunner.query(
      `ALTER TABLE extract_request ADD CONSTRAINT extract_request_destroyed CHECK ((status = 'destroyed') = (destroyed_at IS NOT NULL) AND (status <> 'destroyed' OR package_path IS NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE extract_request DROP CONSTRAINT extract_request_destroyed`);
    await queryRunner.query(`ALTER TABLE extract_request DROP COLUMN destroyed_at`);
    await queryRunner.query(`ALTER TABLE extract_request DROP CONSTRAINT extract_request_status_check`);
    await queryRunner.query(`ALTER TABLE extract_request ADD CONSTRAINT extract_request_status_check CHECK (status IN ('submitted', 'refused', 'approved', 'building', 'ready', 'failed'))`);
  }
}
