import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './test-database';
import { testPostgresAdminUrl } from './test-service-env';

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await query(testPostgresAdminUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  afterAll(() => Promise.all(created.map((database) => database.drop())));

  it('gives every call its own empty database', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    created.push(first, second);

    expect(first.name).toMatch(/^lantern_t_[0-9a-f]{8}_[0-9a-f]{12}$/);
    expect(second.name).not.toBe(first.name);
    const [{ current_database: connectedTo }] = await query<{ current_database: string }>(first.url, 'SELECT current_database()');
    expect(connectedTo).toBe(first.name);

    await query(first.ownerUrl, 'CREATE TABLE only_in_first (id int)');
    const tablesInSecond = await query(second.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'");
    expect(tablesInSecond).toEqual([]);
  });

  it('gives services a login of their own, which cannot change the schema, and the owner’s for migrations', async () => {
    const database = await createTestDatabase();
    created.push(database);
    const [service] = await query<{ login: string; member: boolean }>(database.url, `SELECT current_user AS login, pg_has_role('lantern_service', 'MEMBER') AS member`);
    expect(service).toEqual({ login: expect.stringMatching(/^lantern_t_[0-9a-f]{8}_service$/), member: true });
    await expect(query(database.url, 'CREATE TABLE made_by_a_service (id int)')).rejects.toThrow('permission denied for schema public');
    const [owner] = await query<{ login: string }>(database.ownerUrl, 'SELECT current_user AS login');
    expect(owner.login).not.toBe(service.login);
  });

  it('drop() removes the database even while a connection is open', async () => {
    const database = await createTestDatabase();
    created.push(database);
    const openClient = new Client({ connectionString: database.url });
    openClient.on('error', () => undefined); // the drop terminates this session
    await openClient.connect();
    try {
      await database.drop();

      expect(await databaseExists(database.name)).toBe(false);
      await expect(query(database.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
    } finally {
      await openClient.end().catch(() => undefined);
    }
  });
});
