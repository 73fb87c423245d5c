import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * One way to open the hub's database everywhere (services, CLI, tests): the schema comes
 * only from the migrations below, never from `synchronize`.
 */
/**
 * A DataSource whose every connection has an error listener. node-postgres emits an error on a
 * connection the server ends (a restart, pg_terminate_backend) while it is checked out between
 * queries, and with no listener that error would end the process; handled here, the connection's
 * next query fails instead, which callers retry as a transient database error.
 */
class HubDataSource extends DataSource {
  override async initialize(): Promise<this> {
    await super.initialize();
    type Client = { on(event: 'error', listener: () => void): void };
    const pool = (this.driver as unknown as { master?: { on(event: 'acquire', listener: (client: Client) => void): void } }).master;
    // On checkout: an idle connection has the pool's own listener, and the pool may hold connections made during initialize.
    const listened = new WeakSet<Client>();
    pool?.on('acquire', (client) => {
      if (listened.has(client)) return;
      listened.add(client);
      client.on('error', () => undefined);
    });
    return this;
  }
}

export function createHubDataSource(url: string, entities: Entities, options: { applicationName?: string; poolSize?: number } = {}) {
  return new HubDataSource({
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
