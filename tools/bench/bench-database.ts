import { migrateDatabase } from '@lantern/persistence';
import { databaseUrl, dropDatabase, dropServiceLogin, ensureDatabase, ensureServiceLogin, lanternStateDir, provisionPostgres } from '@lantern/provisioning';

export interface BenchDatabase {
  /** As the services log in (ADR 0018): give it to the services a benchmark starts. */
  url: string;
  /** As the tables' owner: for seeding in bulk (and its ANALYZE), and for a baseline that makes tables of its own. */
  ownerUrl: string;
  /** Drops the database and its services' login, and stops PostgreSQL if the run started it. */
  dispose(): Promise<void>;
}

/** A fresh, migrated hub database for one benchmark run, on the machine's PostgreSQL (or one the run starts), with a services' login of its own. */
export async function provisionBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const postgres = await provisionPostgres({ stateDir: lanternStateDir('postgres'), log });
  const database = `lantern_bench_${Date.now()}`;
  await ensureDatabase(postgres.adminUrl, database);
  const ownerUrl = databaseUrl(postgres.adminUrl, database);
  await migrateDatabase(ownerUrl);
  const login = `${database}_service`;
  const url = await ensureServiceLogin(ownerUrl, login);
  return {
    url,
    ownerUrl,
    async dispose() {
      await dropDatabase(postgres.adminUrl, database).catch(() => undefined);
      await dropServiceLogin(postgres.adminUrl, login).catch(() => undefined);
      await postgres.stop();
    },
  };
}
