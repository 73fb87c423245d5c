import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rejected messages keep their original bytes for the steward; running totals per topic and
 * source feed the status page. Until the tables had owners these were created by the records
 * migration (IngestRecordVersions1764000000000), so on a database it already built this
 * migration finds them and changes nothing (IF NOT EXISTS).
 */
export class IngestRejectsAndCounters1764000000001 implements MigrationInterface {
  name = 'IngestRejectsAndCounters1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ingest_reject (
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
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS ingest_reject_by_time ON ingest_reject (rejected_at)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS ingest_reject_by_source ON ingest_reject (source_system, contract_id, rejected_at)`);
    // Running totals per topic and source, updated in each batch's transaction, so the
    // steward's status page never has to count millions of rows.
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ingest_counter (
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ingest_counter`);
    await queryRunner.query(`DROP TABLE ingest_reject`);
  }
}
