import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound records are kept as versions, never overwritten (longitudinal history), each
 * with its Kafka lineage. Rejected messages keep their original bytes for the steward.
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
    await queryRunner.query(`
      CREATE TABLE ingest_reject (
        id            bigserial PRIMARY KEY,
        topic         text        NOT NULL,
        partition     integer     NOT NULL,
        kafka_offset  bigint      NOT NULL,
        arrived_at    timestamptz NOT NULL,
        message_key   bytea,
        original      bytea,
        headers       jsonb       NOT NULL DEFAULT '{}',
        source_system text,
        contract_id   text,
        stage         text        NOT NULL,
        error_path    text        NOT NULL,
        error_message text        NOT NULL,
        rejected_at   timestamptz NOT NULL DEFAULT now(),
        -- Set when a steward sent the original bytes through ingestion again.
        replayed_at   timestamptz,
        CONSTRAINT ingest_reject_lineage_unique UNIQUE (topic, partition, kafka_offset)
      )`);
    await queryRunner.query(`CREATE INDEX ingest_reject_by_time ON ingest_reject (rejected_at)`);
    await queryRunner.query(`CREATE INDEX ingest_reject_by_source ON ingest_reject (source_system, contract_id, rejected_at)`);
    // Running totals per topic and source, updated in each batch's transaction, so the
    // steward's status page never has to count millions of rows.
    await queryRunner.query(`
      CREATE TABLE ingest_counter (
        topic            text        NOT NULL,
        source_system    text        NOT NULL,
        stored           bigint      NOT NULL DEFAULT 0,
        duplicates       bigint      NOT NULL DEFAULT 0,
        rejected         bigint      NOT NULL DEFAULT 0,
        parked           bigint      NOT NULL DEFAULT 0,
        last_message_at  timestamptz,
        last_reject_at   timestamptz,
        PRIMARY KEY (topic, source_system)
      )`);
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
    await queryRunner.query(`DROP TABLE ingest_counter`);
    await queryRunner.query(`DROP TABLE ingest_reject`);
    await queryRunner.query(`DROP VIEW record_history`);
    await queryRunner.query(`DROP TABLE record_version`);
  }
}
