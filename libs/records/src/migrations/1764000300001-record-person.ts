import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which person a stored record is about, in its source's numbering (the catalogue's
 * person.localId). Databases built before the tables had owners already have it (from
 * Identity1764000300000): every statement is idempotent.
 */
export class RecordPerson1764000300001 implements MigrationInterface {
  name = 'RecordPerson1764000300001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['record_version', 'parked_record']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS person_local_id text`);
    }
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS record_version_by_person ON record_version (person_local_id, source_system) WHERE person_local_id IS NOT NULL`);
    // The history view lists its columns at creation; new ones may only be appended.
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW record_history`);
    await queryRunner.query(`
      CREATE VIEW record_history AS
      SELECT v.id, v.contract_id, v.contract_version, v.source_system, v.natural_key, v.operation, v.event_time,
             v.record, v.topic, v.partition, v.kafka_offset, v.arrived_at, v.stored_at,
             v.event_time AS valid_from,
             lead(v.event_time) OVER source_record AS valid_to,
             lead(v.event_time) OVER source_record IS NULL AS is_latest
        FROM record_version v
      WINDOW source_record AS (PARTITION BY v.contract_id, v.source_system, v.natural_key ORDER BY v.event_time, v.id)`);
    await queryRunner.query(`DROP INDEX record_version_by_person`);
    for (const table of ['record_version', 'parked_record']) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN person_local_id`);
  }
}
