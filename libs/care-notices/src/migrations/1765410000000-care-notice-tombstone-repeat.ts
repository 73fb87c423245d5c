import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a closing notice's tombstone was published a second time (ADR 0016): Kafka rolls a
 * segment only when a message arrives, so the relay repeats each tombstone once the segment
 * that holds the notice's value may roll, and a quiet topic forgets the name too.
 */
export class CareNoticeTombstoneRepeat1765410000000 implements MigrationInterface {
  name = 'CareNoticeTombstoneRepeat1765410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE care_notice_event ADD COLUMN tombstone_repeated_at timestamptz`);
    // Closing events already published before this column existed are repeated too.
    await queryRunner.query(
      `CREATE INDEX care_notice_event_tombstone_unrepeated ON care_notice_event (published_at)
        WHERE type IN ('revoked', 'expired') AND tombstone_repeated_at IS NULL AND published_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX care_notice_event_tombstone_unrepeated`);
    await queryRunner.query(`ALTER TABLE care_notice_event DROP COLUMN tombstone_repeated_at`);
  }
}
