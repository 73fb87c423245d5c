import { createHubDataSource } from './data-source';

// The PostgreSQL server Jest global setup provisioned (test-environment depends on this library, so read its variable here).
const adminUrl = process.env.LANTERN_TEST_POSTGRES_ADMIN_URL ?? '';

describe('a hub DataSource whose connection the server ends', () => {
  it('fails the next query of a connection ended while it was held between queries, and the process goes on', async () => {
    const dataSource = await createHubDataSource(adminUrl, [], { applicationName: 'lantern-ended-connection', poolSize: 2 }).initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
      // Held between queries, as a transaction is while the code computes: the server ends it.
      await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(runner.query('SELECT 1')).rejects.toThrow();
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await runner.release().catch(() => undefined);
      await dataSource.destroy();
    }
  });
});
