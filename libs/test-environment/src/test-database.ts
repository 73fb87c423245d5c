import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { databaseUrl, dropDatabase, ensureDatabase } from '@lantern/provisioning';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testPostgresAdminUrl, testPostgresServiceUrl, testRunId } from './test-service-env';

export interface TestDatabase {
  name: string;
  /** As the services log in (ADR 0018): this run's member of lantern_service, which cannot change the schema. Give it to services. */
  url: string;
  /** As the tables' owner: for migrations, and for a test that plays someone with the owner's rights. */
  ownerUrl: string;
  /** Ends open connections to the database and drops it. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the test PostgreSQL server; the caller runs its migrations (as the owner). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresAdminUrl();
  const name = `${runDatabasePrefix(testRunId())}${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return { name, url: databaseUrl(testPostgresServiceUrl(), name), ownerUrl: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

export interface MigratedTestDatabase extends TestDatabase {
  /** Initialised on the migrated database as the services log in; drop() closes it first. */
  dataSource: DataSource;
  /** Initialised as the tables' owner, for what only the owner may do (tampering, ANALYZE); drop() closes it first. */
  owner: DataSource;
}

/** The owner's data source of each migrated test database, by its services' data source. */
const owners = new WeakMap<DataSource, DataSource>();

/** A fresh database with every migration applied (by the owner) and data sources open on it as the services and as the owner. */
export async function createMigratedTestDatabase(options: { poolSize?: number } = {}): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase();
  await migrateDatabase(database.ownerUrl);
  const dataSource = createHubDataSource(database.url, [], options);
  const owner = createHubDataSource(database.ownerUrl, [], { applicationName: 'lantern-test-owner', poolSize: 2 });
  await Promise.all([dataSource.initialize(), owner.initialize()]);
  owners.set(dataSource, owner);
  return {
    ...database,
    dataSource,
    owner,
    drop: async () => {
      await Promise.all([dataSource, owner].map((source) => (source.isInitialized ? source.destroy() : undefined)));
      await database.drop();
    },
  };
}

/** The owner's data source for a migrated test database's services' data source; any other data source (a benchmark's, as the owner) is its own. */
export function ownerOf(dataSource: DataSource): DataSource {
  return owners.get(dataSource) ?? dataSource;
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
