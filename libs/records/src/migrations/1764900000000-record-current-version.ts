import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A maintained current-version marker: exactly one version of each source record (contract,
 * source, natural key) is current, the latest by the source's event time, then arrival. Reads of
 * "the current record" filter on it instead of ranking or anti-joining every stored version;
 * RecordVersionStore keeps it as versions arrive. The history view's is_latest now reads it,
 * so "current" has one definition.
 */
export class RecordCurrentVersion1764900000000 implements MigrationInterface {
  name = 'RecordCurrentVersion1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: PostgreSQL adds the column without rewriting the table.
    await queryRunner.query(`ALTER TABLE record_version ADD COLUMN is_current boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`
      UPDATE record_version v SET is_current = false
       WHERE EXISTS (SELECT 1 FROM record_version newer
                      WHERE newer.contract_id = v.contract_id AND newer.natural_key = v.natural_key AND newer.source_system = v.source_system
                        AND (newer.event_time, newer.id) > (v.event_time, v.id))`);
    // Scoped reads now reach a child's enrolments through the child's SID, not the studentUniqueId text.
    await queryRunner.query(`DROP INDEX record_version_enrolment_by_student`);
    await queryRunner.query(`
      CREATE OR REPLACE VIEW record_history AS
      SELECT v.id, v.contract_id, v.contract_version, v.source_system, v.natural_key, v.operation, v.event_time,
             v.record, v.topic, v.partition, v.kafka_offset, v.arrived_at, v.stored_at,
             v.event_time AS valid_from,
             lead(v.event_time) OVER source_record AS valid_to,
             v.is_current AS is_latest,
             v.person_local_id
        FROM record_version v
      WINDOW source_record AS (PARTITION BY v.contract_id, v.source_system, v.natural_key ORDER BY v.event_time, v.id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE VIEW record_history AS
      SELECT v.id, v.contract_id, v.contract_version, v.source_system, v.natural_key, v.operation, v.event_time,
             v.record, v.topic, v.partition, v.kafka_offset, v.arrived_at, v.stored_at,
             v.event_time AS valid_from,
             lead(v.event_time) OVER source_record AS valid_to,
             lead(v.event_time) OVER source_record IS NULL AS is_latest,
             v.person_local_id
        FROM record_version v
      WINDOW source_record AS (PARTITION BY v.contract_id, v.source_system, v.natural_key ORDER BY v.event_time, v.id)`);
    await queryRunner.query(`
      CREATE INDEX record_version_enrolment_by_student
          ON record_version ((record #>> '{studentReference,studentUniqueId}'))
       WHERE contract_id = 'edfi.studentSchoolAssociation'`);
    await queryRunner.query(`ALTER TABLE record_version DROP COLUMN is_current`);
  }
}
