import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the services' group role may do (ADR 0018): read and write rows, never change the schema.
 * For every relation there is now: read and write on tables, read on views, use of sequences;
 * read and append only on the tables that refuse TRUNCATE by trigger (the audit log and the
 * other histories), whatever an older migration granted. For the relations later migrations
 * create, the same by default (ALTER DEFAULT PRIVILEGES, for the owner that runs migrations);
 * an owner that wants less for a table of its own revokes it in its own migration.
 * `tools/service-login.integration-spec.ts` checks every relation against these rules.
 * TypeORM's own record of which migrations ran stays the owner's alone.
 */
export class ServiceRolePrivileges1765520000000 implements MigrationInterface {
  name = 'ServiceRolePrivileges1765520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A database that predates the audit log's migration may sit on a server that never had the role.
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lantern_service') THEN
          CREATE ROLE lantern_service NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // PostgreSQL before 15 let every role create relations in the public schema.
    await queryRunner.query(`DO $$ BEGIN EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema()); END $$`);
    await queryRunner.query(`
      DO $$
      DECLARE relation record;
      BEGIN
        FOR relation IN
          SELECT c.oid::regclass AS name, c.relkind,
                 EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgtype & 32 <> 0) AS append_only
            FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S')
             AND c.relname NOT IN ('migrations', 'migrations_id_seq')
        LOOP
          EXECUTE format('REVOKE ALL ON %s FROM lantern_service', relation.name);
          EXECUTE format('GRANT %s ON %s %s TO lantern_service',
            CASE WHEN relation.relkind = 'S' THEN 'USAGE, SELECT'
                 WHEN relation.relkind = 'v' THEN 'SELECT'
                 WHEN relation.append_only THEN 'SELECT, INSERT'
                 ELSE 'SELECT, INSERT, UPDATE, DELETE' END,
            CASE WHEN relation.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, relation.name);
        END LOOP;
      END $$`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lantern_service`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO lantern_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES REVOKE USAGE, SELECT ON SEQUENCES FROM lantern_service`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM lantern_service`);
    // Back to what the older migrations granted: read and append on the append-only tables, nothing elsewhere.
    await queryRunner.query(`
      DO $$
      DECLARE relation record;
      BEGIN
        FOR relation IN
          SELECT c.oid::regclass AS name, EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgtype & 32 <> 0) AS append_only
            FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S')
        LOOP
          EXECUTE format('REVOKE ALL ON %s FROM lantern_service', relation.name);
          IF relation.append_only THEN EXECUTE format('GRANT SELECT, INSERT ON %s TO lantern_service', relation.name); END IF;
        END LOOP;
      END $$`);
  }
}
