import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The crosswalk as other libraries may read it: which SID each source's local person id has.
 * The records read model joins it to give a record its SID (set-based, so an extract of a
 * million people is one join, not a million calls); the tables behind it stay this library's.
 * A crosswalk row may now carry no identity attributes: a source that names a child only by
 * the statewide studentUniqueId is linked to that child by a recorded decision.
 */
export class PublishedCrosswalk1764900100000 implements MigrationInterface {
  name = 'PublishedCrosswalk1764900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE identity_record ALTER COLUMN person DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE identity_record DROP CONSTRAINT identity_record_decision_check`);
    await queryRunner.query(`ALTER TABLE identity_record ADD CONSTRAINT identity_record_decision_check CHECK (decision IN ('link', 'new', 'review', 'statewide-id'))`);
    await queryRunner.query(`CREATE VIEW crosswalk AS SELECT source_system, local_id, sid FROM identity_record`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW crosswalk`);
    await queryRunner.query(`DELETE FROM identity_record WHERE person IS NULL`);
    await queryRunner.query(`ALTER TABLE identity_record DROP CONSTRAINT identity_record_decision_check`);
    await queryRunner.query(`ALTER TABLE identity_record ADD CONSTRAINT identity_record_decision_check CHECK (decision IN ('link', 'new', 'review'))`);
    await queryRunner.query(`ALTER TABLE identity_record ALTER COLUMN person SET NOT NULL`);
  }
}
