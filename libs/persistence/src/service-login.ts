import { ConfigurationError } from '@lantern/config';
import type { DataSource } from 'typeorm';

/**
 * The group role whose members the hub's services log in as (ADR 0018): rows to read and write,
 * and on the append-only tables only to read and append, but no right to change the schema.
 */
export const SERVICE_ROLE = 'lantern_service';

/** Creates the group role unless the server has it; roles belong to the server, so another database or a concurrent caller may have made it first. */
export const CREATE_SERVICE_ROLE = `
  DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${SERVICE_ROLE}') THEN
      CREATE ROLE ${SERVICE_ROLE} NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;

/**
 * Stops a service whose login could change the hub's schema: with it, anyone who took over the
 * service could drop the audit log's append-only triggers and cut its tail. One line, naming the
 * login and why, and no start (ConfigurationError: EX_CONFIG).
 */
export async function refuseSchemaChangingLogin(dataSource: DataSource): Promise<void> {
  const [login]: Array<{ name: string; superuser: boolean; createrole: boolean; owns: string | null; schema: string; create: boolean }> = await dataSource.query(`
    SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolcreaterole AS createrole, current_schema() AS schema,
           has_schema_privilege(current_schema(), 'CREATE') AS create,
           (SELECT min(c.relname) FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v') AND pg_has_role(c.relowner, 'MEMBER')) AS owns
      FROM pg_roles r WHERE r.rolname = current_user`);
  const powers = [
    login.superuser && 'is a superuser',
    login.createrole && 'may create roles (and so grant itself any)',
    login.owns !== null && `owns table ${login.owns} (or may act as its owner)`,
    login.create && `may create tables in schema ${login.schema}`,
  ].filter((power): power is string => typeof power === 'string');
  if (powers.length === 0) return;
  throw new ConfigurationError(
    `DATABASE_URL logs in as ${login.name}, which ${powers.join(', ')}: services log in as a member of ${SERVICE_ROLE}, ` +
      'and only migrations use the owner (DATABASE_MIGRATION_URL); see "Running in production" in README.md',
  );
}
