import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * One way to open the hub's database everywhere (services, CLI, tests): the schema comes
 * only from the migrations below, never from `synchronize`.
 */
export function createHubDataSource(url: string, entities: Entities, options: { applicationName?: string; poolSize?: number } = {}) {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: SCHEMA_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: options.applicationName ?? 'lantern',
    poolSize: options.poolSize ?? 10,
    logging: false,
  });
}

/** Applies every pending migration; returns the names of those it ran. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = createHubDataSource(url, [], { applicationName: 'lantern-migrations', poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
