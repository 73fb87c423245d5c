import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change to an agreement locks its row first (SELECT … FOR UPDATE), so two stewards' changes
 * apply one after the other; PostgreSQL lets only a role with UPDATE on some column take that
 * lock. The services' role gets UPDATE on `id` alone, for the lock: the history trigger still
 * refuses every UPDATE (ADR 0018).
 */
export class AgreementRowLock1765520000001 implements MigrationInterface {
  name = 'AgreementRowLock1765520000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`GRANT UPDATE (id) ON agreement TO lantern_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE UPDATE (id) ON agreement FROM lantern_service`);
  }
}
