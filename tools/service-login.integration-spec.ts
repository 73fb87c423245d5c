import { ConfigurationError } from '@lantern/config';
import { createServiceDataSource, SERVICE_ROLE } from '@lantern/persistence';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';

interface RelationGrant {
  name: string;
  kind: string;
  appendOnly: boolean;
  privileges: string[];
}

/** What lantern_service may do on a relation (ADR 0018), by kind; TypeORM's record of the migrations that ran is the owner's alone. */
function privilegesDue({ name, kind, appendOnly }: RelationGrant): string[] {
  if (name === 'migrations' || name === 'migrations_id_seq') return [];
  if (kind === 'S') return ['SELECT', 'USAGE'];
  if (kind === 'v') return ['SELECT'];
  return appendOnly ? ['INSERT', 'SELECT'] : ['DELETE', 'INSERT', 'SELECT', 'UPDATE'];
}

describe('the services’ database login (ADR 0018)', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase({ poolSize: 2 });
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Every relation of the migrated schema with what the services' group role holds on it; append-only: it refuses TRUNCATE by trigger. */
  const grants = (): Promise<RelationGrant[]> =>
    database.owner.query(
      `SELECT c.relname AS name, c.relkind AS kind,
              EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgtype & 32 <> 0) AS "appendOnly",
              coalesce((SELECT array_agg(a.privilege_type ORDER BY a.privilege_type) FROM aclexplode(c.relacl) a WHERE a.grantee = $1::regrole), '{}') AS privileges
         FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        ORDER BY c.relname`,
      [SERVICE_ROLE],
    );

  it('grants on every table, view and sequence what the services need and no more: read and append only on the append-only tables', async () => {
    const relations = await grants();
    expect(relations.filter((relation) => JSON.stringify(relation.privileges) !== JSON.stringify(privilegesDue(relation)))).toEqual([]);
    expect(relations.filter((relation) => relation.appendOnly).map((relation) => relation.name)).toEqual(
      expect.arrayContaining(['agreement', 'agreement_approval', 'agreement_lifecycle_event', 'agreement_version', 'audit_entry', 'disclosure', 'disclosure_student']),
    );
  });

  it('lets the services use a table and its sequence that a later migration makes without granting anything', async () => {
    // As a migration would, run by the owner after the ones above.
    await database.owner.query(`CREATE TABLE later_migration_table (id bigserial PRIMARY KEY, note text)`);
    try {
      await database.dataSource.query(`INSERT INTO later_migration_table (note) VALUES ('first'), ('second')`);
      await database.dataSource.query(`UPDATE later_migration_table SET note = 'changed' WHERE id = 1`);
      await database.dataSource.query(`DELETE FROM later_migration_table WHERE id = 2`);
      expect(await database.dataSource.query(`SELECT id::int, note FROM later_migration_table`)).toEqual([{ id: 1, note: 'changed' }]);
      await expect(database.dataSource.query(`TRUNCATE later_migration_table`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await database.owner.query(`DROP TABLE later_migration_table`);
    }
  });

  it.each([
    ['make a table', 'CREATE TABLE made_by_a_service (id int)'],
    ['make a function', 'CREATE FUNCTION made_by_a_service() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'],
    ['drop a table', 'DROP TABLE record_version CASCADE'],
    ['change a table', 'ALTER TABLE record_version ADD COLUMN made_by_a_service text'],
    ['empty a table', 'TRUNCATE record_version'],
    ['put a trigger on a table', 'CREATE TRIGGER made_by_a_service BEFORE INSERT ON record_version FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()'],
    ['switch off the audit log’s trigger', 'ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only'],
    ['become the owner', 'SET ROLE :owner'],
  ])('refuses the services’ login to %s', async (_what, sql) => {
    const [{ owner }] = await database.owner.query('SELECT quote_ident(current_user) AS owner');
    const refusal = await database.dataSource.query(sql.replace(':owner', owner)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: '42501', message: expect.stringMatching(/^(permission denied|must be owner)/) });
  });

  it('starts a service on its own login, and refuses one on the owner’s with a line naming the login and why', async () => {
    const service = await createServiceDataSource(database.url, { poolSize: 1 }).initialize();
    await service.destroy();

    const owner = createServiceDataSource(database.ownerUrl, { poolSize: 1 });
    const refusal = await owner.initialize().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConfigurationError);
    const [{ login }] = await database.owner.query('SELECT current_user AS login');
    expect((refusal as Error).message).toMatch(new RegExp(`^DATABASE_URL logs in as ${login}, which .*: services log in as a member of lantern_service`));
    expect((refusal as Error).message).not.toContain('\n');
    expect(owner.isInitialized).toBe(false);
  });
});
