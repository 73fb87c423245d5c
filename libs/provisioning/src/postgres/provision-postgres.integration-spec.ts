import { findFreePort } from '../system/ports';
import { databaseUrl, dropDatabase, ensureDatabase, withClient } from './databases';
import { provisionPostgres } from './provision-postgres';

// The server Jest global setup provisioned (libs/test-environment) serves as "the one in DATABASE_URL".
const provisionedAdminUrl = process.env.LANTERN_TEST_POSTGRES_ADMIN_URL as string;

describe('provisionPostgres', () => {
  const originalDatabaseUrl = process.env.DATABASE_URL;
  afterEach(() => {
    if (originalDatabaseUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = originalDatabaseUrl;
  });

  it('uses DATABASE_URL when set, and its server lets us create and drop databases', async () => {
    process.env.DATABASE_URL = provisionedAdminUrl;
    const postgres = await provisionPostgres({ stateDir: 'unused' });
    expect(postgres).toMatchObject({ source: 'env', adminUrl: provisionedAdminUrl });

    const name = `lantern_provisioning_${process.pid}`;
    await ensureDatabase(postgres.adminUrl, name);
    await ensureDatabase(postgres.adminUrl, name); // idempotent
    const { rows } = await withClient(databaseUrl(postgres.adminUrl, name), (client) => client.query('SELECT current_database() AS name'));
    expect(rows[0].name).toBe(name);
    await dropDatabase(postgres.adminUrl, name);
    await expect(withClient(databaseUrl(postgres.adminUrl, name), (client) => client.query('SELECT 1'))).rejects.toThrow(/does not exist/);
    await postgres.stop();
  });

  it('rejects an unusable DATABASE_URL without revealing its password', async () => {
    process.env.DATABASE_URL = `postgres://lantern:s3cret-pw@127.0.0.1:${await findFreePort()}/lantern`;
    const attempt = provisionPostgres({ stateDir: 'unused' });
    await expect(attempt).rejects.toThrow(/DATABASE_URL \(postgres:\/\/lantern:\*\*\*@127\.0\.0\.1:\d+\/lantern\) is set but not usable/);
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/);
  });
});
