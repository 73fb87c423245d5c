import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { databaseUrl, dropDatabase, ensureDatabase } from '@lantern/provisioning';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testPostgresAdminUrl, testRunId } from './test-service-env';

export interface TestDatabase {
  name: string;
  url: string;
  /** Ends open connections to the database and drops it. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the test PostgreSQL server; the caller runs its migrations. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresAdminUrl();
  const name = `${runDatabasePrefix(testRunId())}${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

export interface MigratedTestDatabase extends TestDatabase {
  /** Initialised on the migrated database; drop() closes it first. */
  dataSource: DataSource;
}

/** A fresh database with every migration applied and a data source open on it. */
export async function createMigratedTestDatabase(options: { poolSize?: number } = {}): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase();
  await migrateDatabase(database.url);
  const dataSource = createHubDataSource(database.url, [], options);
  await dataSource.initialize();
  return {
    ...database,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Drops the databases of one Jest run that its tests did not drop (failed or forgotten). */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [runDatabasePrefix(runId)]);
    for (const { datname } of rows) await dropDatabase(adminUrl, datname);
  } finally {
    await client.end();
  }
}

function runDatabasePrefix(runId: string): string {
  return `lantern_t_${runId}_`;
}
