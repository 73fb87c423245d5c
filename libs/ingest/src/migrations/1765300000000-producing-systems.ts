import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The systems that publish to the hub under Kafka principals of their own (ADR 0017): each may
 * write only under its own topic prefix, and only envelopes naming the source systems (and
 * care flags naming the agencies) it is registered for.
 */
export class ProducingSystems1765300000000 implements MigrationInterface {
  name = 'ProducingSystems1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE producing_system (
        producer_id text PRIMARY KEY,
        source_systems text[] NOT NULL,
        agency_ids text[] NOT NULL DEFAULT '{}',
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE producing_system`);
  }
}
