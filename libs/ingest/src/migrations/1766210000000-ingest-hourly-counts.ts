import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ingestion did hour by hour, per topic and source, for the steward's "over time" view:
 * added to in each batch's transaction beside the running totals (ingest_counter), so the page
 * never counts the records or rejects themselves. Starts empty: earlier hours are not known.
 */
export class IngestHourlyCounts1766210000000 implements MigrationInterface {
  name = 'IngestHourlyCounts1766210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ingest_hourly_count (
        hour          timestamptz NOT NULL,
        topic         text        NOT NULL,
        source_system text        NOT NULL,
        received      bigint      NOT NULL DEFAULT 0,
        stored        bigint      NOT NULL DEFAULT 0,
        duplicates    bigint      NOT NULL DEFAULT 0,
        rejected      bigint      NOT NULL DEFAULT 0,
        parked        bigint      NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, topic, source_system)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ingest_hourly_count`);
  }
}
