import { migrateDatabase } from '@lantern/persistence';
import { databaseUrl, dropDatabase, ensureDatabase, lanternStateDir, provisionPostgres } from '@lantern/provisioning';

export interface BenchDatabase {
  url: string;
  /** Drops the database and stops PostgreSQL if the run started it. */
  dispose(): Promise<void>;
}

/** A fresh, migrated hub database for one benchmark run, on the machine's PostgreSQL (or one the run starts). */
export async function provisionBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const postgres = await provisionPostgres({ stateDir: lanternStateDir('postgres'), log });
  const database = `lantern_bench_${Date.now()}`;
  await ensureDatabase(postgres.adminUrl, database);
  const url = databaseUrl(postgres.adminUrl, database);
  await migrateDatabase(url);
  return {
    url,
    async dispose() {
      await dropDatabase(postgres.adminUrl, database).catch(() => undefined);
      await postgres.stop();
    },
  };
}
