import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id namespace a crosswalk entry's local id is in, when sources share it (the catalogue's
 * person.sharedIdNamespace, e.g. the state-assigned student id); NULL when the id is the
 * source's own. A record naming its person only by id may join another source's child only
 * through an entry in its own shared namespace, never through a case number that happens to
 * equal a student id. Existing entries of sources that sent Ed-Fi records for that id are in
 * the state-assigned student id namespace, as the catalogue declares for Ed-Fi contracts.
 */
export class SharedIdNamespace1765120000000 implements MigrationInterface {
  name = 'SharedIdNamespace1765120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE identity_record ADD COLUMN id_namespace text`);
    await queryRunner.query(
      `UPDATE identity_record i SET id_namespace = 'state-student-id'
        WHERE EXISTS (SELECT 1 FROM record_version v WHERE v.source_system = i.source_system AND v.person_local_id = i.local_id AND v.contract_id LIKE 'edfi.%')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE identity_record DROP COLUMN id_namespace`);
  }
}
