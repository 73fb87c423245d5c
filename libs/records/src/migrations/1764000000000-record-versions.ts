import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound records are kept as versions, never overwritten (longitudinal history), each
 * with its Kafka lineage; versions waiting for a record they reference are parked (ADR 0003).
 * The name is the one databases already record: this migration once also created ingestion's
 * reject and counter tables, which now belong to `libs/ingest` (IngestRejectsAndCounters).
 */
export class IngestRecordVersions1764000000000 implements MigrationInterface {
  name = 'IngestRecordVersions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE record_version (
        id               bigserial PRIMARY KEY,
        contract_id      text        NOT NULL,
        contract_version text        NOT NULL,
        source_system    text        NOT NULL,
        natural_key      text        NOT NULL,
        operation        text        NOT NULL CHECK (operation IN ('upsert', 'delete')),
        event_time       timestamptz NOT NULL,
        record           jsonb       NOT NULL,
        topic            text        NOT NULL,
        partition        integer     NOT NULL,
        kafka_offset     bigint      NOT NULL,
        arrived_at       timestamptz NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now(),
        -- A redelivered message, or the same source version sent again, is stored once. The
        -- column order also serves lookups by (contract, key), so no second index is needed.
        CONSTRAINT record_version_source_version_unique UNIQUE (contract_id, natural_key, source_system, event_time)
      )`);
    // Which version is current follows the source's event time, not arrival order, so a
    // late-arriving older version lands in history without superseding the newer one.
    await queryRunner.query(`
      CREATE VIEW record_history AS
      SELECT v.*,
             v.event_time AS valid_from,
             lead(v.event_time) OVER source_record AS valid_to,
             lead(v.event_time) OVER source_record IS NULL AS is_latest
        FROM record_version v
      WINDOW source_record AS (PARTITION BY v.contract_id, v.source_system, v.natural_key ORDER BY v.event_time, v.id)`);
    // Versions waiting for a referenced record (ADR 0003), with one row per candidate
    // target so that storing any record finds its waiting dependants by index.
    await queryRunner.query(`
      CREATE TABLE parked_record (
        LIKE record_version INCLUDING DEFAULTS,
        CONSTRAINT parked_record_pkey PRIMARY KEY (id),
        CONSTRAINT parked_record_source_version_unique UNIQUE (contract_id, natural_key, source_system, event_time)
      )`);
    await queryRunner.query(`
      CREATE TABLE parked_reference (
        parked_id      bigint NOT NULL REFERENCES parked_record (id) ON DELETE CASCADE,
        reference_name text   NOT NULL,
        contract_id    text   NOT NULL,
        natural_key    text   NOT NULL,
        PRIMARY KEY (parked_id, reference_name, contract_id)
      )`);
    await queryRunner.query(`CREATE INDEX parked_reference_by_target ON parked_reference (contract_id, natural_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE parked_reference`);
    await queryRunner.query(`DROP TABLE parked_record`);
    await queryRunner.query(`DROP VIEW record_history`);
    await queryRunner.query(`DROP TABLE record_version`);
  }
}
