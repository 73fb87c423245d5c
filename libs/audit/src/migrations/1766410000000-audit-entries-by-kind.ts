import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets a steward list the recent entries of one kind (AuditEntries.recent) without walking the whole log back. */
export class AuditEntriesByKind1766410000000 implements MigrationInterface {
  name = 'AuditEntriesByKind1766410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX audit_entry_by_kind ON audit_entry (kind, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_entry_by_kind`);
  }
}
